# Finds a JDK for Skiff's scripts (skiff, run-tests, bench/run). Source it, then call
# `find_jdk build` (a JDK with javac) or `find_jdk run` (any Java): it sets JDK to a Java home of
# version MIN_JAVA or newer, trying $SKIFF_JAVA_HOME, $JAVA_HOME, java on PATH, then the newest
# under /usr/lib/jvm/*, /opt/java/* and /opt/jdk*; or it exits explaining where it looked.

MIN_JAVA=${MIN_JAVA:-21}

say() { printf '%s: %s\n' "${SKIFF_TOOL:-skiff}" "$*" >&2; }

# The major version of the Java at home $1 (8, 17, 21, ...), or nothing when there is none.
java_major() {
  local home=$1 version=""
  [[ -x "$home/bin/java" ]] || return 0
  if [[ -r "$home/release" ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [[ -z "$version" ]]; then
    version=$("$home/bin/java" -XX:+IgnoreUnrecognizedVMOptions -version 2>&1 \
      | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  version=${version%%[!0-9]*}
  [[ -n "$version" ]] && echo "$version"
  return 0
}

# Java homes to try, in order, one per line: JAVA_HOME, java on PATH, then the usual install places.
candidate_homes() {
  [[ -n "${JAVA_HOME:-}" ]] && echo "$JAVA_HOME"
  if command -v java >/dev/null 2>&1; then
    local java
    java=$(readlink -f "$(command -v java)")
    echo "${java%/bin/java}"
  fi
  local dir
  for dir in /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/; do
    [[ -d "$dir" ]] && echo "${dir%/}"
  done
  return 0
}

# Sets JDK to a Java home of version MIN_JAVA or newer, with javac when $1 is "build", or exits
# explaining where it looked and how to get one.
find_jdk() {
  local purpose=$1 home major found="" best="" best_major=0 in_scan=0 seen=""
  if [[ -n "${SKIFF_JAVA_HOME:-}" ]]; then
    major=$(java_major "$SKIFF_JAVA_HOME")
    if [[ -z "$major" || "$major" -lt $MIN_JAVA ]]; then
      say "SKIFF_JAVA_HOME=$SKIFF_JAVA_HOME is not a Java $MIN_JAVA or newer (found: ${major:-no java})."
      exit 1
    fi
    if [[ "$purpose" == build && ! -x "$SKIFF_JAVA_HOME/bin/javac" ]]; then
      say "SKIFF_JAVA_HOME=$SKIFF_JAVA_HOME has no javac; building Skiff needs a JDK, not a JRE."
      exit 1
    fi
    JDK=$SKIFF_JAVA_HOME
    return
  fi
  while IFS= read -r home; do
    case $home in /usr/lib/jvm/*|/opt/java/*|/opt/jdk*) in_scan=1 ;; *) in_scan=0 ;; esac
    case " $seen " in *" $home "*) continue ;; esac
    seen="$seen $home"
    major=$(java_major "$home")
    [[ -n "$major" ]] || continue
    found="$found"$'\n'"    $home (Java $major)"
    [[ "$major" -ge $MIN_JAVA ]] || continue
    [[ "$purpose" != build || -x "$home/bin/javac" ]] || continue
    if [[ $in_scan -eq 0 ]]; then
      JDK=$home
      return
    fi
    if [[ "$major" -gt "$best_major" ]]; then
      best=$home
      best_major=$major
    fi
  done < <(candidate_homes)
  if [[ -n "$best" ]]; then
    JDK=$best
    return
  fi
  {
    if [[ "$purpose" == build ]]; then
      echo "${SKIFF_TOOL:-skiff}: Skiff needs a JDK $MIN_JAVA or newer (with javac, to build it), and found none."
    else
      echo "${SKIFF_TOOL:-skiff}: Skiff needs Java $MIN_JAVA or newer, and found none."
    fi
    echo "  Looked at \$SKIFF_JAVA_HOME, \$JAVA_HOME, java on PATH, /usr/lib/jvm/*, /opt/java/* and /opt/jdk*."
    if [[ -n "$found" ]]; then
      echo "  Found only:$found"
    fi
    echo "  Install one, e.g.: sudo apt-get install openjdk-21-jdk-headless"
    echo "                 or: sudo dnf install java-21-openjdk-devel"
    echo "  or point Skiff at one: export SKIFF_JAVA_HOME=/path/to/jdk-21"
  } >&2
  exit 1
}

# Options for a JVM that runs Skiff's server on $JDK, one per line. Netty reaches its buffers'
# memory through sun.misc.Unsafe, which Java 24 and newer refuse unless allowed (Netty then turns
# it off and every byte goes through a bounds-checked ByteBuffer: in a profile of the gateway under
# load, those checks were about 5 % of its event loops' CPU).
server_jvm_opts() {
  local major
  major=$(java_major "$JDK")
  if [[ -n "$major" && "$major" -ge 24 ]]; then
    echo "--sun-misc-unsafe-memory-access=allow"
  fi
  return 0
}
