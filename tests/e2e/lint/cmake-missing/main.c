#include <stdio.h>
#include "version.h"
int main(void) { puts(VERSION); return 0; }
