# bash completion for newspipe: commands, each command's options, and the
# files each argument takes (a pipeline .lua, posts and folders, a .db).
# Installed as share/bash-completion/completions/newspipe; or source it.

_newspipe_files() { # [PATTERN]: files matching PATTERN (and folders)
  local IFS=$'\n'
  compopt -o filenames 2>/dev/null
  if [ -n "${1:-}" ]; then
    COMPREPLY+=($(compgen -d -- "$cur") $(compgen -f -X "!$1" -- "$cur"))
  else
    COMPREPLY+=($(compgen -f -- "$cur"))
  fi
}

_newspipe() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD - 1]}
  local command=${COMP_WORDS[1]:-}
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "run check inspect query lua search pack --help --version" -- "$cur"))
    return
  fi
  # the arguments before this one that are not options or their values
  local i positional=0 word
  for ((i = 2; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    case $word in
    -j | --jobs | -o | --output | --timeout | --memory | --shard | --attr | -n | -e) ((i++)) ;;
    -*) ;;
    *) ((positional++)) ;;
    esac
  done
  local options
  case $command in
  run)
    case $prev in
    -o | --output)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -d -- "$cur"))
      return
      ;;
    -j | --jobs | --timeout | --memory | --shard) return ;;
    esac
    options="-j --jobs -o --output --timeout --memory -n --dry-run -d --diff
      -i --incremental --sandbox --shard --stream -q --quiet -v --verbose -h --help"
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "$options" -- "$cur"))
    elif [ $positional -eq 0 ]; then
      _newspipe_files '*.lua'
    else
      _newspipe_files
    fi
    ;;
  check | pack | inspect)
    options="-h --help"
    [ "$command" = check ] && options="--round-trip --strict -q --quiet -h --help"
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "$options" -- "$cur"))
    else
      _newspipe_files
    fi
    ;;
  query)
    [ "$prev" = --attr ] && return
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "--text --attr --json --count -h --help" -- "$cur"))
    elif [ $positional -gt 0 ]; then
      _newspipe_files # after the selector: posts
    fi
    ;;
  lua)
    [ "$prev" = -e ] && return
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "-e -h --help" -- "$cur"))
    elif [ $positional -eq 0 ]; then
      _newspipe_files '*.lua'
    else
      _newspipe_files
    fi
    ;;
  search)
    [ "$prev" = -n ] && return
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "--count -n -h --help" -- "$cur"))
    elif [ $positional -eq 0 ]; then
      _newspipe_files '*.db'
    fi
    ;;
  esac
}

complete -F _newspipe newspipe
