#include "gen.h"
int main(void) { return VERSION; }
