package dev.kiln.serve.mlflow;

import java.nio.file.Path;

/** MLflow's Java client against Kiln's server on the embedded SQLite store. */
class MlflowClientSqliteTest extends MlflowClientContract {
  @Override
  String storeUrl(Path dir) {
    return "sqlite:" + dir.resolve("kiln.db");
  }
}
