/*
 * Private glue between memory/region.c and memory/address_space.c.
 */
#ifndef MEMORY_INTERNAL_H
#define MEMORY_INTERNAL_H

#include "memory/memory.h"

/* Bumped by every topology change; a flat view older than this is stale. */
extern uint64_t memory_generation;

/* Bump the generation and call the listeners of the address spaces whose
   region tree contains mr (or the region mr is mapped in). */
void memory_topology_changed(MemoryRegion *mr);

#endif
