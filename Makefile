# Vireo top-level Makefile.  Objects go under build/, one binary per guest
# architecture: build/vireo-riscv64.  `make check` runs every test suite and
# ends with "N passed, N failed".

BUILD   ?= build
CC      ?= gcc
SAN     ?=
V       ?=

ifeq ($(V),)
Q := @
else
Q :=
endif

CFLAGS_BASE := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
               -Wno-missing-field-initializers -fno-strict-aliasing -I. -MMD -MP
ifeq ($(SAN),1)
CFLAGS_BASE += -fsanitize=address,undefined -fno-sanitize-recover=undefined \
               -fno-omit-frame-pointer -O1
LDFLAGS_SAN := -fsanitize=address,undefined
BUILD := build-san
endif
CFLAGS  += $(CFLAGS_BASE)
LDLIBS  += $(LDFLAGS_SAN) -lfdt -lcapstone -lslirp -lm -lpthread

# Every C file of the core library, found by folder so that adding a device or
# a module is only adding a file.
LIB_DIRS := util qom memory hw/core hw/char hw/intc hw/misc hw/rtc hw/virtio \
            hw/riscv accel tcg tcg/interp tcg/x86_64 target/riscv fpu vl
LIB_SRCS := $(filter-out vl/main.c,$(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c)))
LIB_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRCS))
LIB      := $(BUILD)/libvireo.a

UNIT_SRCS := $(wildcard tests/unit/test-*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))

BIN := $(BUILD)/vireo-riscv64

.PHONY: all check run bench deps clean unit-tests
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(Q)ar rcsP $@ $^

$(BIN): $(BUILD)/vl/main.o $(LIB)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< -Wl,--whole-archive $(LIB) -Wl,--no-whole-archive $(LDLIBS)

# Unit tests link the archive normally: only the modules a test uses are pulled in.
$(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/harness.h $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

unit-tests: $(UNIT_BINS)

deps:
	@scripts/install-deps.sh

check: deps
	$(Q)$(MAKE) --no-print-directory all unit-tests
	$(Q)BUILD=$(BUILD) scripts/run-tests.sh

run: deps all
	$(Q)scripts/run-default-guest.sh $(BIN)

bench: deps all
	$(Q)scripts/bench.sh $(BIN)

clean:
	rm -rf build build-san

-include $(LIB_OBJS:.o=.d) $(BUILD)/vl/main.d
