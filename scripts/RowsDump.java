import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Writes every row of a run's {@code records/*.parquet} as one JSON line, sorted by all columns, so that two runs
 * (local mode and a cluster, or an interrupted-and-resumed one) can be compared with {@code diff}. Run with
 * {@code scripts/standalone-cluster.sh rows RUN_DIR OUT.jsonl} (Spark local mode on the Maven-resolved jars).
 */
public final class RowsDump {
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("rows-dump")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> rows = spark.read().parquet(Path.of(args[0], "records").toString());
            Column[] all = Arrays.stream(rows.columns()).map(functions::col).toArray(Column[]::new);
            Files.write(Path.of(args[1]), rows.sort(all).toJSON().collectAsList());
        } finally {
            spark.stop();
        }
    }
}
