#!/usr/bin/env bash
# Installs the real QEMU binaries the integration tests run against
# (Debian 12: qemu-system-x86_64, qemu-storage-daemon, qemu-ga 7.2), when
# they are missing. Does nothing when they are present; says why when it
# cannot install them (the tests then skip with that reason).
set -u
need=()
command -v qemu-system-x86_64 >/dev/null 2>&1 || need+=(qemu-system-x86)
command -v qemu-storage-daemon >/dev/null 2>&1 || need+=(qemu-utils)
command -v qemu-ga >/dev/null 2>&1 || [ -x /usr/sbin/qemu-ga ] || need+=(qemu-guest-agent)
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-qemu: no apt-get here; integration tests will skip (missing: ${need[*]})" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "install-qemu: not root and no sudo; integration tests will skip (missing: ${need[*]})" >&2
    exit 0
  fi
fi
echo "install-qemu: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1 || true
if ! $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1; then
  echo "install-qemu: apt-get install ${need[*]} failed; integration tests will skip" >&2
fi
exit 0
