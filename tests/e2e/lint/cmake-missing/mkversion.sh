#!/bin/sh
# version.h from the version header in the source dir ($1)
cat "$1/version.in.h"
