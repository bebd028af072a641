package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.predict.Predictor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln train --data jdbc:… --query …} trains on the rows a query returns. */
class TrainFromJdbcTest {
  @TempDir Path dir;

  private String database() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("shop.db");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE orders AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n"
              + " WHERE x < 600) SELECT x AS id, (x * 37 % 101) / 101.0 AS a, (x * 17 % 53) / 53.0"
              + " AS b, CASE WHEN (x * 37 % 101) + (x * 17 % 53) > 75 THEN 1 ELSE 0 END AS label"
              + " FROM n");
    }
    return url;
  }

  @Test
  void trainsOnTheRowsOfAQueryAndRecordsTheQueryAsItsDataset() throws Exception {
    String url = database();
    Path out = dir.resolve("orders.kiln");

    CliRun run =
        CliRun.of(
            "train",
            "--data",
            url,
            "--query",
            "SELECT a, b, label FROM orders WHERE id <= 500",
            "--target",
            "label",
            "--out",
            out.toString(),
            "--store",
            "sqlite:" + dir.resolve("kiln.db"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("500 rows");
    try (Predictor p = Predictor.load(out)) {
      assertThat(p.inputNames()).containsExactly("a", "b");
    }
    CliRun show = CliRun.of("runs", "list", "--store", "sqlite:" + dir.resolve("kiln.db"));
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out()).contains("FINISHED");
  }

  @Test
  void aJdbcUrlWithoutAQueryOrAQueryWithAFileIsOneLineError() throws Exception {
    String url = database();

    CliRun noQuery =
        CliRun.of(
            "train", "--data", url, "--target", "label", "--out", dir.resolve("m").toString());
    CliRun queryOnFile =
        CliRun.of(
            "train",
            "--data",
            dir.resolve("x.csv").toString(),
            "--query",
            "SELECT 1",
            "--target",
            "label",
            "--out",
            dir.resolve("m").toString());

    assertThat(noQuery.exit()).isEqualTo(2);
    assertThat(noQuery.err()).contains("needs a query (--query");
    assertThat(queryOnFile.exit()).isEqualTo(2);
    assertThat(queryOnFile.err()).contains("--query applies to a JDBC URL in --data");
  }
}
