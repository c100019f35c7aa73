/* An exec that fails with ENOENT (relative name, resolved against the cwd), then a successful exec of /bin/true (a path through the /bin symlink). */
#include <errno.h>
#include <unistd.h>

int main(void)
{
	char *const bad[] = { "missing-bin", "a1", NULL };
	char *const good[] = { "true", "ok", NULL };

	execv("missing-bin", bad);
	if (errno != ENOENT)
		return 10;
	execv("/bin/true", good);
	return 11;
}
