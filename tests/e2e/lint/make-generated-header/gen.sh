#!/bin/sh
echo "#define VERSION 2"
