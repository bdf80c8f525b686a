# Finds a JDK 25 without any set-up; sourced by ./mvnw and ./simdnn.
# find_jdk25 prints JAVA_HOME if it is a JDK 25, otherwise the first JDK 25 in the usual install locations,
# and fails when there is none. jdk25_missing explains what to do then.

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" = 25 ]; then
    echo "$JAVA_HOME"; return 0
  fi
  local d
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -x "$d/bin/javac" ] && [ "$(java_major "$d")" = 25 ]; then echo "$d"; return 0; fi
  done
  return 1
}

jdk25_missing() {
  echo "simdnn needs a JDK 25 and found none (looked at JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman)." >&2
  echo "Install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium repository) or 'sdk install java 25-tem', then run this again." >&2
}
