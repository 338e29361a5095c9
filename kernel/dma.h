/* DMA memory: physically contiguous page runs outside the GC heap, tracked so
 * the shell can report them and a bad free is caught. */
#ifndef KRAIT_DMA_H
#define KRAIT_DMA_H
#include <stdbool.h>
#include <stdint.h>

#define DMA_MAX_BUFFERS 1024

uint64_t dma_alloc(uint64_t size, uint64_t align);   /* zeroed; 0 when out of memory */
bool dma_free(uint64_t phys);
uint64_t dma_bytes_used(void);
uint64_t dma_buffers(void);

#endif
