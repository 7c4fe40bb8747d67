#!/bin/sh
# A stand-in translator: reverses each line of its stdin. It refuses text
# holding FAIL, and it is slow (0.7 s a call), longer than the run's
# --timeout 0.5, which counts the stages' own time, not the translator's.
input=$(cat)
case "$input" in
*FAIL*) echo "translator.sh: cannot translate 'FAIL'" >&2; exit 5 ;;
esac
sleep 0.7
printf '%s\n' "$input" | rev
