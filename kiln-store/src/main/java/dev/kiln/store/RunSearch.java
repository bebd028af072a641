package dev.kiln.store;

import java.util.List;

/**
 * A run search in MLflow's terms.
 *
 * @param filter MLflow's filter syntax, e.g. {@code metrics.auc > 0.8 and params.learner =
 *     'lightgbm'}; empty or null for all runs
 * @param orderBy e.g. {@code metrics.auc DESC}, {@code attributes.start_time}; default start time
 *     descending
 * @param maxResults 1 to 50,000
 * @param pageToken from the previous page, or null
 */
public record RunSearch(
    List<String> experimentIds,
    String filter,
    ViewType viewType,
    List<String> orderBy,
    int maxResults,
    String pageToken) {
  public static final int MAX_RESULTS = 50_000;

  public RunSearch {
    experimentIds = List.copyOf(experimentIds);
    orderBy = List.copyOf(orderBy);
    if (maxResults < 1 || maxResults > MAX_RESULTS) {
      throw StoreException.invalid(
          "max_results must be between 1 and %d but was %d.", MAX_RESULTS, maxResults);
    }
  }

  /** All active runs of the experiments, newest first, 1000 a page. */
  public static RunSearch in(String... experimentIds) {
    return new RunSearch(List.of(experimentIds), null, ViewType.ACTIVE_ONLY, List.of(), 1000, null);
  }

  public RunSearch filter(String f) {
    return new RunSearch(experimentIds, f, viewType, orderBy, maxResults, pageToken);
  }

  public RunSearch view(ViewType v) {
    return new RunSearch(experimentIds, filter, v, orderBy, maxResults, pageToken);
  }

  public RunSearch orderBy(String... clauses) {
    return new RunSearch(experimentIds, filter, viewType, List.of(clauses), maxResults, pageToken);
  }

  public RunSearch maxResults(int n) {
    return new RunSearch(experimentIds, filter, viewType, orderBy, n, pageToken);
  }

  public RunSearch pageToken(String token) {
    return new RunSearch(experimentIds, filter, viewType, orderBy, maxResults, token);
  }
}
