#!/usr/bin/env bash
# Installs the cluster engine for tools/cluster: a Java runtime (apt, when java is missing) and
# PySpark in a git-ignored venv at tools/cluster/.venv. Idempotent; one step of the README's set-up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v java >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "installing openjdk-17-jre-headless..." >&2
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq openjdk-17-jre-headless
fi
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
fi
if ! "$here/.venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    echo "installing pyspark into tools/cluster/.venv..." >&2
    "$here/.venv/bin/pip" install -q pyspark numpy
fi
