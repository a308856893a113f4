// Turn the cucumber JSON written by pytest-bdd (--cucumberjson) into one HTML page:
// every feature, scenario and step, green when it passed and red with the error when
// it failed. The "simple" theme inlines its styles and needs no network to display.
//
//   node report/generate.js reports/cucumber.json reports/spec.html
const reporter = require("cucumber-html-reporter");

const [jsonFile, output] = process.argv.slice(2);
if (!jsonFile || !output) {
  console.error("usage: node report/generate.js CUCUMBER_JSON OUTPUT_HTML");
  process.exit(2);
}
reporter.generate({
  theme: "simple",
  jsonFile,
  output,
  name: "JWT authentication API: the specification",
  launchReport: false,
});
