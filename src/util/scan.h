/*
 * scan - the byte scans that message data goes through, a machine word
 * or a SIMD memchr at a time instead of a byte at a time: the DATA
 * engine and the header parser looked at every byte of every body with
 * a loop of their own, half of the front end's work on a 64 KiB message.
 */
#ifndef TERN_SCAN_H
#define TERN_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* scan_eol - the offset of the first CR or LF in p[0..n), or n */
static inline size_t
scan_eol(const void *p, size_t n)
{
	const unsigned char *s = p;
	const unsigned char *lf = memchr(s, '\n', n), *cr;
	size_t end = lf != NULL ? (size_t)(lf - s) : n;

	cr = memchr(s, '\r', end);
	return cr != NULL ? (size_t)(cr - s) : end;
}

/* scan_high - does p[0..n) have a byte with the top bit set? */
static inline bool
scan_high(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w, acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, sizeof(w));
		acc |= w;
	}
	for (; i < n; i++)
		acc |= s[i];
	return (acc & 0x8080808080808080ULL) != 0;
}

#endif
