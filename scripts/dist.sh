#!/usr/bin/env bash
# Builds the release archives into dist/:
#   netd-VERSION.tar.gz, netd-VERSION.zip   need a Java 21+ on the machine (the zip for Windows)
#   netd-VERSION-PLATFORM.tar.gz            with its own runtime, made by jlink from the JDK
#                                           that builds, holding only the modules the jars use
# and SHA256SUMS. Each holds netd-VERSION/ with bin/ (hub, player, librarifier, share and
# their .bat twins; bin/lib/ their shared code), lib/ (every jar once), conf/ (the JVM
# options every launcher reads), README.md and docs/. The launchers there never build.
# Usage: scripts/dist.sh [--no-build]   (--no-build: package the jars built already)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init

build=1
case "${1:-}" in
    '') ;;
    --no-build) build= ;;
    *) netd_fail "usage: dist.sh [--no-build]" ;;
esac
command -v zip >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1 \
    || netd_fail "zip and unzip are needed to make the archives (Debian: apt-get install zip unzip)."
jdk_bin=$(dirname "$(readlink -f "$NETD_JAVA")")
[ -x "$jdk_bin/jlink" ] && [ -x "$jdk_bin/jdeps" ] \
    || netd_fail "$NETD_JAVA is not a full JDK (no jlink or jdeps beside it); set JAVA_HOME to a JDK $NETD_MIN_JAVA+."

cd "$NETD_ROOT"
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n1)
[ -n "$version" ] || netd_fail "no <version> in pom.xml"
programs=(librarifier hub player)
if [ -n "$build" ]; then
    echo "dist: building the jars..."
    netd_maven -B -q -DskipTests package -pl "$(IFS=,; echo "${programs[*]}")" -am \
        || netd_fail "the build failed; run 'mvn -B package' to see why."
fi

out="$NETD_ROOT/dist"
stage="$out/stage"
rm -rf "$stage" "$out/netd-$version"*
name="netd-$version"
home="$stage/$name"
mkdir -p "$home/bin/lib" "$home/lib" "$home/conf"

# lib/: each program's jar and the jars its manifest names (they sit beside it), each once.
for program in "${programs[@]}"; do
    [ -f "$program/target/$program.jar" ] || netd_fail "$program/target/$program.jar is missing; run without --no-build."
    cp "$program/target/$program.jar" "$home/lib/"
    classpath=$(unzip -p "$program/target/$program.jar" META-INF/MANIFEST.MF | tr -d '\r' \
        | sed -n '/^Class-Path:/,/^[^ ]/p' | sed -e 's/^Class-Path://' -e '/^[^ ]/d' -e 's/^ //' | tr -d '\n')
    for jar in $classpath; do
        cp "$program/target/$jar" "$home/lib/"
    done
done

# bin/: the checkout's launchers under their users' names; they and bin/lib/netd.sh find
# the release's layout by themselves (netd_init).
for program in "${programs[@]}" share; do
    cp "scripts/$program.sh" "$home/bin/$program"
    cp "scripts/$program.bat" "$home/bin/$program.bat"
done
cp scripts/lib/netd.sh scripts/lib/netd.bat scripts/lib/bash.bat "$home/bin/lib/"
chmod 755 "$home/bin/"{librarifier,hub,player,share}
cp conf/* "$home/conf/"
cp README.md "$home/"
# docs/: what the README links to (the protocol, the JVM notes, the pages' pictures).
cp -r docs "$home/"

tar_gz() { # $1: the archive; $2: the directory to hold, in $stage
    tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -czf "$1" "$2"
}
mkdir -p "$out"
tar_gz "$out/$name.tar.gz" "$name"
(cd "$stage" && zip -qrX "$out/$name.zip" "$name")

# The runtime: the modules jdeps finds the jars use, linked from this JDK, without debug
# information, headers or manuals.
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=linux-x64 ;;
    Linux-aarch64) platform=linux-aarch64 ;;
    Darwin-arm64) platform=macos-aarch64 ;;
    Darwin-x86_64) platform=macos-x64 ;;
    *) platform="$(uname -s)-$(uname -m)" ;;
esac
modules=$("$jdk_bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$NETD_MIN_JAVA" "$home"/lib/*.jar)
echo "dist: runtime of $("$NETD_JAVA" -version 2>&1 | head -n1 | tr -d '"') with $modules"
"$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$home/runtime"
tar_gz "$out/$name-$platform.tar.gz" "$name"
rm -rf "$stage"

cd "$out"
sha256sum "$name.tar.gz" "$name.zip" "$name-$platform.tar.gz" > SHA256SUMS
for archive in "$name.tar.gz" "$name.zip" "$name-$platform.tar.gz"; do
    echo "dist: dist/$archive ($(du -k "$archive" | cut -f1) KiB)"
done
