# Sourced by the launchers (convscope, convscope-spark) before they start the JVM.
# PoCL compiles OpenCL kernels with LLVM, which installs its own handlers for SIGSEGV, SIGUSR2 and
# others over the JVM's. The JVM uses SIGSEGV itself (implicit null checks), so a fault it expects
# can then kill the process with exit 139 and no report. Preloading the JDK's libjsig chains the
# handlers so that the JVM's stay first. With it the JVM prints a notice that a library chains
# through signal(); JSIG_FLAGS (-XX:-PrintWarnings) keeps that line out of the command's output.
JSIG_FLAGS=""
jsig_lib="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so"
if [ -f "$jsig_lib" ]; then
  export LD_PRELOAD="$jsig_lib${LD_PRELOAD:+:$LD_PRELOAD}"
  JSIG_FLAGS="-XX:-PrintWarnings"
fi
