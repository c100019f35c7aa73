/* Execs /bin/true with a huge argv and environment: "big" = 10,000 args and exactly 2,000 env vars; "huge" = 300 args and 300 vars of 1,000 bytes each (past trail's 256 KiB limits). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *fmt(const char *f, int i)
{
	char *s;

	if (asprintf(&s, f, i, i) < 0)
		exit(3);
	return s;
}

static char *filled(const char *prefix, int i)
{
	char *s = malloc(1001);

	if (!s)
		exit(3);
	snprintf(s, 1001, prefix, i);
	memset(s + strlen(s), 'a' + i % 26, 1000 - strlen(s));
	s[1000] = '\0';
	return s;
}

int main(int argc, char **argv)
{
	static char *av[10001], *ev[2001];
	int i;

	if (argc != 2)
		return 2;
	av[0] = "true";
	if (!strcmp(argv[1], "big")) {
		for (i = 1; i < 10000; i++)
			av[i] = fmt("arg-%d", i);
		for (i = 0; i < 2000; i++)
			ev[i] = fmt("TRAIL_VAR_%d=value-%d", i);
	} else if (!strcmp(argv[1], "huge")) {
		for (i = 1; i <= 300; i++)
			av[i] = filled("arg-%d-", i);
		for (i = 0; i < 300; i++)
			ev[i] = filled("TRAIL_VAR_%d=", i);
	} else {
		return 2;
	}
	execve("/bin/true", av, ev);
	return 10;
}
