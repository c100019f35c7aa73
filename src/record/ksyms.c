// SPDX-License-Identifier: MIT
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record/ksyms.h"

int ksyms_ranges(const char *const *names, size_t n, uint64_t *lo, uint64_t *hi)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512], *name, *end, type;
	uint64_t addr;
	size_t i, found = 0;
	ssize_t open_i = -1;	/* the symbol whose end is the next address */

	if (!f)
		return -errno;
	/* stdio would read 1 KiB at a time (st_blksize of a proc file): each
	 * read restarts the kernel's walk; and no sscanf per line: half of
	 * kallsyms is read, 60,000 lines, on the start's critical path */
	setvbuf(f, NULL, _IOFBF, 64 << 10);
	for (i = 0; i < n; i++)
		lo[i] = hi[i] = 0;
	/* the core kernel's text is listed in address order:
	 * "ffffffff81abfb40 T cap_vm_enough_memory[\t[module]]" */
	while (fgets(line, sizeof(line), f)) {
		addr = strtoull(line, &end, 16);
		if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
			continue;
		type = end[1];
		name = end + 3;
		name[strcspn(name, " \t\n")] = 0;
		if (open_i >= 0 && addr > lo[open_i]) {
			hi[open_i] = addr;
			open_i = -1;
			if (found == n)
				break;
		}
		if (!addr || (type != 't' && type != 'T'))
			continue;
		for (i = 0; i < n; i++)
			if (!lo[i] && !strcmp(name, names[i])) {
				lo[i] = addr;
				open_i = i;
				found++;
				break;
			}
	}
	fclose(f);
	for (i = 0; i < n; i++)
		if (lo[i] && !hi[i])	/* the last symbol: no end known */
			lo[i] = 0, found--;
	return found;
}

int ksyms_overcommit(uint64_t lo[KSYMS_OVERCOMMIT], uint64_t hi[KSYMS_OVERCOMMIT])
{
	static const char *const names[KSYMS_OVERCOMMIT] = { "cap_vm_enough_memory",
							     "security_vm_enough_memory_mm" };

	return ksyms_ranges(names, KSYMS_OVERCOMMIT, lo, hi);
}
