#!/usr/bin/env bash
# A Spark standalone cluster on this machine — one master and two workers, bound to 127.0.0.1, separate executor
# JVMs — made from the Spark jars Maven resolved for jobs/ (no Spark download), and a spec run on it through
# spark-submit with the cluster jar. For trying HeatBench's cluster behaviour (executor kill -9, driver SIGTERM and
# resubmit, cluster deploy mode) without a cluster.
#
#   scripts/standalone-cluster.sh start                     master spark://127.0.0.1:7077, 2 workers x 1 core
#   scripts/standalone-cluster.sh submit SPEC.yaml          client deploy mode (the driver runs here)
#   scripts/standalone-cluster.sh submit SPEC.yaml cluster  cluster deploy mode (a worker runs the driver; the spec
#                                                           is shipped with --files, the driver gets --add-opens)
#   scripts/standalone-cluster.sh rows RUN_DIR OUT.jsonl    a run's Parquet rows as sorted JSON lines (to diff runs)
#   scripts/standalone-cluster.sh stop
#
# Run end to end (client and cluster deploy mode, executor kill -9, driver SIGTERM + resubmit): docs/RELIABILITY.md,
# "Standalone cluster".
#
# Environment: MAVEN_OPTS (e.g. -Dmaven.repo.local=...), HEATBENCH_CLUSTER_DIR (default work/standalone),
# SPARK_MASTER_PORT (7077), WORKER_CORES (1), WORKER_MEMORY (2g), LOG_LEVEL (the driver's, warn).
# Logs: $HEATBENCH_CLUSTER_DIR/logs/; executors' and worker-run drivers' stderr: $HEATBENCH_CLUSTER_DIR/work-N/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${HEATBENCH_CLUSTER_DIR:-$ROOT/work/standalone}"
PORT="${SPARK_MASTER_PORT:-7077}"
MASTER="spark://127.0.0.1:$PORT"
JAR="$ROOT/jobs/target/heatbench-jobs-0.1.0-SNAPSHOT-cluster.jar"
# Java 17 needs these for Spark (../shared/STACK.md pitfall 3)
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
--add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"

spark_home() {
  # a SPARK_HOME whose jars/ are the Maven-resolved Spark jars: workers build executor class paths from it.
  # Built once; a failed build leaves nothing behind (an empty jars/ would be taken for a finished one).
  if [[ ! -f "$DIR/spark-home/jars.done" ]]; then
    rm -rf "$DIR/spark-home"
    mkdir -p "$DIR/spark-home/jars" "$DIR/logs"
    if ! (cd "$ROOT" && mvn -q -B dependency:build-classpath -pl jobs -Dmdep.includeScope=runtime \
      -Dmdep.excludeGroupIds=org.heatbench,com.microsoft.onnxruntime,io.jhdf,org.tribuo \
      -Dmdep.outputFile="$DIR/classpath.txt") >&2 || [[ ! -s "$DIR/classpath.txt" ]]; then
      echo "standalone-cluster: could not resolve the Spark jars with Maven (see above)" >&2; return 1
    fi
    tr ':' '\n' < "$DIR/classpath.txt" | while read -r j; do ln -sf "$j" "$DIR/spark-home/jars/"; done
    touch "$DIR/spark-home/jars.done"
  fi
  echo "$DIR/spark-home"
}

scala_version() { # workers' launcher asks for it (no build directories in this SPARK_HOME to guess it from)
  local core; core="$(basename "$(ls "$1"/jars/spark-core_*.jar)")"; core="${core#spark-core_}"; echo "${core%%-*}"
}

java_spark() { # main class and arguments, on the Spark class path
  local home; home="$(spark_home)" || exit 1
  SPARK_HOME="$home" SPARK_SCALA_VERSION="$(scala_version "$home")" SPARK_LOCAL_IP=127.0.0.1 ORT_DISABLE_TELEMETRY=1 \
    java $OPENS -cp "$home/jars/*" "$@"
}

case "${1:-}" in
  start)
    home="$(spark_home)" || exit 1
    # executors and worker-launched drivers inherit the workers' environment (ONNX Runtime pitfall 1)
    # and the launcher needs SPARK_SCALA_VERSION, or every executor fails with "Cannot find any build directories"
    export SPARK_HOME="$home" SPARK_SCALA_VERSION="$(scala_version "$home")" SPARK_LOCAL_IP=127.0.0.1 \
      ORT_DISABLE_TELEMETRY=1
    nohup java $OPENS -cp "$home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" \
      --webui-port 0 > "$DIR/logs/master.log" 2>&1 & echo $! > "$DIR/master.pid"
    for w in 1 2; do
      mkdir -p "$DIR/work-$w"
      nohup java $OPENS -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
        --cores "${WORKER_CORES:-1}" --memory "${WORKER_MEMORY:-2g}" --webui-port 0 --work-dir "$DIR/work-$w" \
        "$MASTER" > "$DIR/logs/worker-$w.log" 2>&1 & echo $! > "$DIR/worker-$w.pid"
    done
    for _ in $(seq 90); do
      [[ "$(grep -c 'Registering worker' "$DIR/logs/master.log" 2>/dev/null)" -ge 2 ]] && { echo "$MASTER"; exit 0; }
      for p in "$DIR"/master.pid "$DIR"/worker-*.pid; do # a JVM that died at once: say so now, not after 90 s
        kill -0 "$(cat "$p")" 2>/dev/null || { echo "standalone-cluster: $(basename "$p" .pid) exited; see \
$DIR/logs" >&2; "$0" stop; exit 1; }
      done
      sleep 1
    done
    echo "standalone-cluster: workers did not register; see $DIR/logs" >&2; exit 1 ;;
  submit)
    spec="${2:?usage: $0 submit SPEC.yaml [client|cluster]}"
    mode="${3:-client}"
    # (re)build the cluster jar when it is missing or older than a source or POM (as ./heatbench does its own)
    if [[ ! -f "$JAR" || -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o -path "$ROOT/work" -prune -o \( -name pom.xml \
        -o -path '*/src/main/*' \) -newer "$JAR" -type f -print -quit)" ]]; then
      (cd "$ROOT" && mvn -q -B -DskipTests package -pl jobs -am) >&2
    fi
    # the resolved jars log through slf4j-simple (no log4j 2 binding): the driver at WARN unless LOG_LEVEL says
    # otherwise, so the console shows HeatBench's progress lines, warnings and errors
    submit_log="-Dorg.slf4j.simpleLogger.defaultLogLevel=${LOG_LEVEL:-warn}"
    conf=(--master "$MASTER" --deploy-mode "$mode" --class org.heatbench.jobs.SubmitMain
          --conf spark.executorEnv.ORT_DISABLE_TELEMETRY=1 --conf "spark.executor.extraJavaOptions=$OPENS")
    if [[ "$mode" == cluster ]]; then
      # the worker-launched driver gets no --add-opens from spark-submit, and sees the spec only as a job file
      # (paths in the spec must be absolute: that driver's working directory is the worker's)
      # and spark-submit waits for the driver, so that this script's exit status is the run's
      java_spark "$submit_log" org.apache.spark.deploy.SparkSubmit "${conf[@]}" \
        --conf "spark.driver.extraJavaOptions=$OPENS $submit_log" \
        --conf spark.standalone.submit.waitAppCompletion=true \
        --files "$(realpath "$spec")" "$JAR" "$(basename "$spec")"
    else
      java_spark "$submit_log" org.apache.spark.deploy.SparkSubmit "${conf[@]}" "$JAR" "$spec"
    fi ;;
  rows)
    # a run's Parquet rows as sorted JSON lines, for diff against another run's (scripts/RowsDump.java)
    run_dir="$(realpath "${2:?usage: $0 rows RUN_DIR OUT.jsonl}")"; out="$(realpath -m "${3:?}")"
    mkdir -p "$DIR/logs" # Spark's warehouse folder lands in the working directory: keep it out of the checkout
    (cd "$DIR" && java_spark "$ROOT/scripts/RowsDump.java" "$run_dir" "$out") > "$DIR/logs/rows.log" 2>&1 \
      || { tail -n 20 "$DIR/logs/rows.log" >&2; exit 1; }
    echo "$(wc -l < "$3") rows of $2 in $3" ;;
  stop)
    for p in "$DIR"/worker-*.pid "$DIR"/master.pid; do
      [[ -f "$p" ]] && { kill "$(cat "$p")" 2>/dev/null || true; rm -f "$p"; }
    done ;;
  *) sed -n '2,19p' "$0"; exit 2 ;;
esac
