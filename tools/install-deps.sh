#!/usr/bin/env bash
# Installs the system libraries latentpipe links (libpng, zlib) when they are missing.
# Debian/Ubuntu; a no-op when pkg-config already finds both.
set -euo pipefail
if pkg-config --exists libpng zlib 2>/dev/null; then
    exit 0
fi
echo "installing libpng-dev and zlib1g-dev..." >&2
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -qq
$sudo apt-get install -y -qq libpng-dev zlib1g-dev pkg-config
