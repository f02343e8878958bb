# SPDX-License-Identifier: GPL-2.0
#
# hostlinux: Linux 6.12 as an ordinary host process.
#
#   make run        install what is missing, build ./linux and the busybox
#                   root file system (rootfs.img, rootfs.cpio), boot it
#   make test       build and run every test; ends with "N passed, M failed"
#   make linux      build ./linux only
#   make kunit      run KUnit (kunit.py) on this port
#   make bench      benchmarks against native Linux and Debian's user-mode-linux
#
# KERNEL_SRC=/path/to/linux-6.12 builds against your own tree instead of
# Debian's linux-source-6.12.

REPO := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(REPO)/build
TREE := $(BUILD)/src
OBJ := $(BUILD)/kernel
JOBS ?= $(shell nproc)
CCACHE := $(shell command -v ccache 2>/dev/null)
KMAKE := $(MAKE) -C $(TREE) O=$(OBJ) ARCH=um $(if $(CCACHE),CC="ccache gcc") -j$(JOBS)

.PHONY: all run deps tree config linux kunit test rootfs bench clean distclean

all: linux

deps:
	@$(REPO)/scripts/install-deps.sh build

tree: deps
	@$(REPO)/scripts/prepare-tree.sh $(REPO) $(TREE)

config: tree
	@if [ ! -f $(OBJ)/.config ]; then \
		mkdir -p $(OBJ) && $(KMAKE) hostlinux_defconfig; \
	fi

linux: config
	@$(KMAKE) linux
	@ln -f $(OBJ)/linux $(REPO)/linux 2>/dev/null || cp $(OBJ)/linux $(REPO)/linux

# The busybox root, made only when missing: the guest writes to it, and
# those writes are the user's (delete rootfs.img to start afresh).
rootfs: $(REPO)/rootfs.img

$(REPO)/rootfs.img: | $(REPO)/scripts/mkrootfs.sh
	@$(REPO)/scripts/install-deps.sh build
	@$(REPO)/scripts/mkrootfs.sh $(REPO)

run: linux rootfs
	$(REPO)/linux ubd0=$(REPO)/rootfs.img $(RUN_ARGS)

kunit: tree
	@$(REPO)/scripts/kunit.sh $(TREE) $(BUILD)/kunit

test: tree
	@$(REPO)/scripts/install-deps.sh test
	@$(REPO)/tests/run-all.sh

bench: linux
	@$(REPO)/bench/run.sh

clean:
	rm -rf $(OBJ) $(BUILD)/kunit $(REPO)/linux $(REPO)/rootfs.img $(REPO)/rootfs.cpio

distclean:
	rm -rf $(BUILD) $(REPO)/linux
