package dev.kiln.store;

import dev.kiln.store.SearchFilter.Clause;
import dev.kiln.store.SearchFilter.Entity;
import dev.kiln.store.SearchFilter.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link RunSearch} into one SQL query for the page's runs. Keys and values are bound
 * parameters; the only text that reaches the SQL is column names chosen from fixed tables here.
 * Metric conditions read {@code latest_metrics} through its (key, value) index.
 */
final class RunQuery {
  private static final Map<String, String> STRING_ATTRIBUTES =
      Map.of(
          "run_id", "r.run_uuid",
          "run_uuid", "r.run_uuid",
          "run_name", "r.name",
          "status", "r.status",
          "user_id", "r.user_id",
          "artifact_uri", "r.artifact_uri",
          "lifecycle_stage", "r.lifecycle_stage");
  private static final Map<String, String> NUMBER_ATTRIBUTES =
      Map.of("start_time", "r.start_time", "end_time", "r.end_time", "created", "r.start_time");
  private static final Map<String, String> DATASET_FIELDS =
      Map.of("name", "d.name", "digest", "d.digest", "source", "d.source");

  final String sql;
  final List<Object> args;

  private RunQuery(String sql, List<Object> args) {
    this.sql = sql;
    this.args = args;
  }

  static RunQuery of(RunSearch search, int offset) {
    List<Object> args = new ArrayList<>();
    StringBuilder from = new StringBuilder("FROM runs r");
    StringBuilder where = new StringBuilder(" WHERE r.experiment_id IN (");
    for (int i = 0; i < search.experimentIds().size(); i++) {
      where.append(i == 0 ? "?" : ", ?");
    }
    where.append(")");
    List<Object> whereArgs = new ArrayList<>();
    for (String id : search.experimentIds()) {
      whereArgs.add(experimentId(id));
    }
    if (search.viewType() == ViewType.ACTIVE_ONLY) {
      where.append(" AND r.lifecycle_stage = 'active'");
    } else if (search.viewType() == ViewType.DELETED_ONLY) {
      where.append(" AND r.lifecycle_stage = 'deleted'");
    }
    for (Clause c : SearchFilter.parse(search.filter())) {
      where.append(" AND ");
      condition(c, where, whereArgs);
    }
    StringBuilder order = new StringBuilder(" ORDER BY ");
    int n = 0;
    boolean startTimeOrdered = false;
    for (String term : search.orderBy()) {
      Order o = SearchFilter.parseOrder(term);
      String column = orderColumn(o, n, from, args);
      if (column.equals("r.start_time")) {
        startTimeOrdered = true;
      }
      // nulls (runs without the metric or param) sort last either way, as MLflow
      order.append("CASE WHEN ").append(column).append(" IS NULL THEN 1 ELSE 0 END, ");
      order.append(column).append(o.ascending() ? " ASC, " : " DESC, ");
      n++;
    }
    if (!startTimeOrdered) {
      order.append("r.start_time DESC, ");
    }
    order.append("r.run_uuid ASC");
    args.addAll(whereArgs);
    String sql =
        "SELECT "
            + Rows.RunRow.COLUMNS
            + " "
            + from
            + where
            + order
            + " LIMIT "
            + (search.maxResults() + 1)
            + " OFFSET "
            + offset;
    return new RunQuery(sql, args);
  }

  static Object experimentId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw StoreException.invalid("Experiment ids are numbers but '%s' is not.", id);
    }
  }

  private static String orderColumn(Order o, int n, StringBuilder from, List<Object> args) {
    String alias = "o" + n;
    switch (o.entity()) {
      case METRIC:
        from.append(" LEFT JOIN latest_metrics ")
            .append(alias)
            .append(" ON ")
            .append(alias)
            .append(".run_uuid = r.run_uuid AND ")
            .append(alias)
            .append(".key = ?");
        args.add(o.key());
        return alias + ".value";
      case PARAM:
      case TAG:
        from.append(" LEFT JOIN ")
            .append(o.entity() == Entity.PARAM ? "params " : "tags ")
            .append(alias)
            .append(" ON ")
            .append(alias)
            .append(".run_uuid = r.run_uuid AND ")
            .append(alias)
            .append(".key = ?");
        args.add(o.key());
        return alias + ".value";
      case ATTRIBUTE:
        String column = STRING_ATTRIBUTES.get(o.key());
        if (column == null) {
          column = NUMBER_ATTRIBUTES.get(o.key());
        }
        if (column == null) {
          throw StoreException.invalid(
              "Cannot order by attribute '%s'. Known: run_name, status, user_id, start_time,"
                  + " end_time, run_id.",
              o.key());
        }
        return column;
      default:
        throw StoreException.invalid(
            "Cannot order by %s; order by metrics, params, tags or attributes.",
            o.entity().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static void condition(Clause c, StringBuilder sql, List<Object> args) {
    switch (c.entity()) {
      case METRIC:
        {
          requireNumeric(c, "metric");
          sql.append(
              "r.run_uuid IN (SELECT lm.run_uuid FROM latest_metrics lm WHERE lm.key = ? AND"
                  + " lm.is_nan = 0 AND lm.value ");
          sql.append(c.op()).append(" ?)");
          args.add(c.key());
          args.add(c.value());
          return;
        }
      case PARAM:
      case TAG:
        {
          String table = c.entity() == Entity.PARAM ? "params" : "tags";
          sql.append("r.run_uuid IN (SELECT k.run_uuid FROM ")
              .append(table)
              .append(" k WHERE k.key = ? AND ");
          args.add(c.key());
          stringComparison(c, "k.value", sql, args, c.entity().name().toLowerCase());
          sql.append(")");
          return;
        }
      case DATASET:
        {
          if (c.key().equals("context")) {
            sql.append(
                "r.run_uuid IN (SELECT it.run_uuid FROM input_tags it WHERE it.key = '"
                    + DatasetInput.CONTEXT
                    + "' AND ");
            stringComparison(c, "it.value", sql, args, "dataset");
            sql.append(")");
            return;
          }
          String column = DATASET_FIELDS.get(c.key());
          if (column == null) {
            throw StoreException.invalid(
                "Unknown dataset field '%s' at position %d: expected name, digest, source or"
                    + " context.",
                c.key(), c.position());
          }
          sql.append(
              "r.run_uuid IN (SELECT i.run_uuid FROM inputs i JOIN datasets d ON d.dataset_uuid"
                  + " = i.dataset_uuid WHERE ");
          stringComparison(c, column, sql, args, "dataset");
          sql.append(")");
          return;
        }
      default:
        {
          String column = STRING_ATTRIBUTES.get(c.key());
          if (column != null) {
            stringComparison(c, column, sql, args, "attribute");
            return;
          }
          column = NUMBER_ATTRIBUTES.get(c.key());
          if (column != null) {
            requireNumeric(c, "attribute");
            sql.append(column).append(' ').append(c.op()).append(" ?");
            args.add(((Double) c.value()).longValue());
            return;
          }
          throw StoreException.invalid(
              "Unknown attribute '%s' at position %d of the filter: expected run_id, run_name,"
                  + " status, user_id, artifact_uri, start_time or end_time (or a key such as"
                  + " metrics.%s).",
              c.key(), c.position(), c.key());
        }
    }
  }

  private static void requireNumeric(Clause c, String what) {
    if (!(c.value() instanceof Double)) {
      throw StoreException.invalid(
          "The %s '%s' at position %d is compared with %s, but %s comparisons take a number"
              + " (=, !=, <, <=, >, >=).",
          what, c.key(), c.position(), describe(c.value()), what);
    }
    if (c.op().contains("LIKE") || c.op().contains("IN")) {
      throw StoreException.invalid(
          "The %s '%s' at position %d cannot use %s; use =, !=, <, <=, > or >=.",
          what, c.key(), c.position(), c.op());
    }
  }

  static void stringComparison(
      Clause c, String column, StringBuilder sql, List<Object> args, String what) {
    if (c.value() instanceof Double) {
      throw StoreException.invalid(
          "The %s '%s' at position %d is compared with the number %s; %s values are strings:"
              + " quote it.",
          what, c.key(), c.position(), describe(c.value()), what);
    }
    switch (c.op()) {
      case "=":
      case "!=":
      case "LIKE":
        sql.append(column).append(' ').append(c.op()).append(" ?");
        args.add(c.value());
        return;
      case "ILIKE":
        sql.append("LOWER(").append(column).append(") LIKE LOWER(?)");
        args.add(c.value());
        return;
      case "IN":
      case "NOT IN":
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) c.value();
        sql.append(column)
            .append(' ')
            .append(c.op())
            .append(" (")
            .append(Sql.marks(values.size()))
            .append(')');
        args.addAll(values);
        return;
      default:
        throw StoreException.invalid(
            "The %s '%s' at position %d cannot use %s; strings take =, !=, LIKE, ILIKE, IN or"
                + " NOT IN.",
            what, c.key(), c.position(), c.op());
    }
  }

  private static String describe(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
