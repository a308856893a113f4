# shellcheck shell=bash disable=SC2034
# The stand-in images' names, for build.sh and .ci/docker.sh (sourced).
STANDIN_SUITE=bookworm
STANDIN_PYTHON=authapi-standin/python:3.11-$STANDIN_SUITE
STANDIN_POSTGRES=authapi-standin/postgres:15-$STANDIN_SUITE
STANDIN_REDIS=authapi-standin/redis:7.0-$STANDIN_SUITE
STANDIN_EC2_HOST=authapi-standin/ec2-host:debian12
