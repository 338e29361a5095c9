/* DMA memory: physically contiguous page runs outside the GC heap, tracked so
 * the shell can report them and a bad free is caught. */
#ifndef KRAIT_DMA_H
#define KRAIT_DMA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DMA_MAX_BUFFERS 1024

uint64_t dma_alloc(uint64_t size, uint64_t align);   /* zeroed; 0 when out of memory */
bool dma_free(uint64_t phys);
/* The runtime object whose collection frees the buffer (see memview_external). */
void dma_set_owner(uint64_t phys, void *owner);
/* The VM collected the last view of a buffer: give its pages back. */
void dma_collected(void *ptr, size_t len);
uint64_t dma_bytes_used(void);
uint64_t dma_buffers(void);

#endif
