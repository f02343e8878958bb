# SPDX-License-Identifier: GPL-2.0
#
# Sourced by test scripts: busybox_root DIR makes DIR a minimal busybox
# root (the static busybox, a link per applet, the usual mount points);
# cpio_of DIR OUT packs it as an initramfs.

busybox_root() {
	mkdir -p "$1/bin" "$1/proc" "$1/sys" "$1/dev" "$1/tmp"
	cp /bin/busybox "$1/bin/busybox"
	for applet in $("$1/bin/busybox" --list); do
		[ "$applet" = busybox ] || ln -s busybox "$1/bin/$applet"
	done
}

cpio_of() {
	(cd "$1" && find . | cpio -o -H newc --quiet) >"$2"
}
