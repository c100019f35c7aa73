#!/bin/sh
# The bug: the build reads the user's configuration, so it builds something
# else for another user or machine (trail lint: non-hermetic).
cat "$HOME/.config/tool/settings" > out.txt
