// SPDX-License-Identifier: MIT
/* gendocs IN.md OUT.md: IN with its generated parts made anew (make docs). */
#include <stdio.h>
#include <stdlib.h>
#include "views/docgen.h"

int main(int argc, char **argv)
{
	char err[160], *in;
	FILE *out;

	if (argc != 3) {
		fprintf(stderr, "usage: gendocs IN.md OUT.md\n");
		return 2;
	}
	in = docgen_read(argv[1]);
	if (!in) {
		fprintf(stderr, "gendocs: can't read '%s'\n", argv[1]);
		return 1;
	}
	out = fopen(argv[2], "w");
	if (!out || docgen_render(in, out, err, sizeof(err)) || fclose(out)) {
		fprintf(stderr, "gendocs: '%s': %s\n", argv[1], out ? err : "can't write");
		return 1;
	}
	free(in);
	return 0;
}
