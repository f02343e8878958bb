#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Make the kernel tree the build works on: a private copy of Linux 6.12
# (KERNEL_SRC, else Debian's linux-source-6.12 tarball) in which upstream's
# own UML port is deleted and arch/um/ is a folder of links into this
# repository.  Nothing outside arch/um/ is changed.
# Usage: prepare-tree.sh <repository> <tree>

set -eu

repo=$(cd "$1" && pwd)
tree=$2
tarball=${KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
origin=${KERNEL_SRC:-$tarball}
stamp="$tree/.hostlinux-origin"

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$origin" ]; then
	rm -rf "$tree"
	mkdir -p "$tree"
	if [ -n "${KERNEL_SRC:-}" ]; then
		[ -f "$KERNEL_SRC/Makefile" ] ||
			{ echo "hostlinux: KERNEL_SRC=$KERNEL_SRC is not a kernel tree" >&2; exit 1; }
		echo "  COPY    $KERNEL_SRC"
		cp -al "$KERNEL_SRC/." "$tree/" 2>/dev/null || cp -a "$KERNEL_SRC/." "$tree/"
	else
		[ -f "$tarball" ] ||
			{ echo "hostlinux: $tarball not found (apt-get install linux-source-6.12)" >&2; exit 1; }
		echo "  UNTAR   $tarball"
		tar -xJf "$tarball" -C "$tree" --strip-components=1
	fi
	version=$(make -s -C "$tree" kernelversion 2>/dev/null || true)
	case "$version" in
	6.12*) ;;
	*) echo "hostlinux: kernel tree is version '$version', need 6.12" >&2; exit 1 ;;
	esac
	echo "$origin" > "$stamp"
fi

# Upstream's port goes; ours stands in its place.
rm -rf "$tree/arch/um" "$tree/arch/x86/um" "$tree/arch/x86/Makefile.um"
mkdir -p "$tree/arch/um"
for f in "$repo"/arch/um/*; do
	ln -sfn "$f" "$tree/arch/um/$(basename "$f")"
done
ln -sfn "$repo/Kconfig" "$tree/arch/um/Kconfig"
ln -sfn "$repo/os-Linux" "$tree/arch/um/os-Linux"
ln -sfn "$repo/include" "$tree/arch/um/include"
ln -sfn "$repo/drivers" "$tree/arch/um/drivers"
ln -sfn "$repo/configs" "$tree/arch/um/configs"
# The guest ABI is x86_64's: its uapi headers, reachable as <uapi/asm/...>.
mkdir -p "$tree/arch/um/hostarch"
ln -sfn ../../x86/include/uapi "$tree/arch/um/hostarch/uapi"
