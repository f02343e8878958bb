#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run KUnit on hostlinux exactly as kernel developers do: kunit.py from
# the prepared tree, with its default arch (um).  kunit.py always merges
# arch_uml.config, which asks for virtio over vhost-user and PCI over
# virtio; hostlinux has neither yet, so they are switched off here.
# Usage: kunit.sh <tree> <build-dir> [kunit.py run options...]

set -eu

tree=$(cd "$1" && pwd)
build=$(mkdir -p "$2" && cd "$2" && pwd)
shift 2

cc=gcc
command -v ccache >/dev/null 2>&1 && cc="ccache gcc"

cd "$tree"
exec python3 tools/testing/kunit/kunit.py run \
	--build_dir="$build" \
	--jobs="$(nproc)" \
	--make_options="CC=$cc" \
	--kconfig_add CONFIG_VIRTIO_UML=n \
	--kconfig_add CONFIG_UML_PCI_OVER_VIRTIO=n \
	"$@"
