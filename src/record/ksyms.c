// SPDX-License-Identifier: MIT
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "record/ksyms.h"

int ksyms_ranges(const char *const *names, size_t n, uint64_t *lo, uint64_t *hi)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512], name[256], type;
	uint64_t addr;
	size_t i, found = 0;
	ssize_t open_i = -1;	/* the symbol whose end is the next address */

	if (!f)
		return -errno;
	for (i = 0; i < n; i++)
		lo[i] = hi[i] = 0;
	/* the core kernel's text is listed in address order */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %255s", &addr, &type, name) != 3)
			continue;
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
