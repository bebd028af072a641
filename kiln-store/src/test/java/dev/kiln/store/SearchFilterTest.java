package dev.kiln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.store.SearchFilter.Clause;
import dev.kiln.store.SearchFilter.Entity;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SearchFilterTest {
  @Test
  void parsesComparisonsJoinedByAnd() {
    assertThat(
            SearchFilter.parse(
                "metrics.auc > 0.8 and params.learner = 'lightgbm' AND tags.team != \"risk\""))
        .containsExactly(
            new Clause(Entity.METRIC, "auc", ">", 0.8, 1),
            new Clause(Entity.PARAM, "learner", "=", "lightgbm", 23),
            new Clause(Entity.TAG, "team", "!=", "risk", 55));
  }

  @Test
  void parsesQuotedAndDottedKeysListsAndBareAttributes() {
    assertThat(SearchFilter.parse("metrics.`my key` <= -1.5e-3"))
        .containsExactly(new Clause(Entity.METRIC, "my key", "<=", -1.5e-3, 1));
    assertThat(SearchFilter.parse("tags.\"a b\" = 'x'").get(0).key()).isEqualTo("a b");
    assertThat(SearchFilter.parse("tags.mlflow.runName = 'x'").get(0).key())
        .isEqualTo("mlflow.runName");
    assertThat(SearchFilter.parse("run_name ILIKE '%cv%'"))
        .containsExactly(new Clause(Entity.ATTRIBUTE, "run_name", "ILIKE", "%cv%", 1));
    assertThat(SearchFilter.parse("attributes.status NOT IN ('FAILED', 'KILLED')"))
        .containsExactly(
            new Clause(Entity.ATTRIBUTE, "status", "NOT IN", List.of("FAILED", "KILLED"), 1));
    assertThat(SearchFilter.parse("  ")).isEmpty();
  }

  @Test
  void parsesOrderByTerms() {
    assertThat(SearchFilter.parseOrder("metrics.auc DESC"))
        .isEqualTo(new SearchFilter.Order(Entity.METRIC, "auc", false));
    assertThat(SearchFilter.parseOrder("attributes.start_time"))
        .isEqualTo(new SearchFilter.Order(Entity.ATTRIBUTE, "start_time", true));
    assertThatThrownBy(() -> SearchFilter.parseOrder("metrics.auc DOWN"))
        .hasMessage(
            "Unexpected token 'DOWN' at position 13 of the order_by term \"metrics.auc DOWN\":"
                + " expected ASC, DESC or the end of the term.");
  }

  @Test
  void errorsNameThePositionOfTheFault() {
    assertThatThrownBy(() -> SearchFilter.parse("metrics.auc > 0.8 adn params.x = 'y'"))
        .hasMessage(
            "Unexpected token 'adn' at position 19 of the filter \"metrics.auc > 0.8 adn"
                + " params.x = 'y'\": expected AND or the end of the filter (only AND joins"
                + " conditions).");
    assertThatThrownBy(() -> SearchFilter.parse("metrics.auc >"))
        .hasMessage(
            "The filter \"metrics.auc >\" ends too early: expected a quoted string or a number.");
    assertThatThrownBy(() -> SearchFilter.parse("params.x = 'open"))
        .hasMessage(
            "Unterminated quote ' starting at position 12 of the filter \"params.x = 'open\".");
    assertThatThrownBy(() -> SearchFilter.parse("metricz.auc > 1"))
        .hasMessage(
            "Unknown entity 'metricz' at position 1 of the filter \"metricz.auc > 1\": expected"
                + " metrics, params, tags, attributes or datasets.");
    assertThatThrownBy(() -> SearchFilter.parse("metrics.auc ~ 1"))
        .hasMessage("Unexpected character '~' at position 13 of the filter \"metrics.auc ~ 1\".");
    assertThatThrownBy(() -> SearchFilter.parse("params.x IN 'a'"))
        .hasMessageStartingWith("Unexpected token 'a' at position 13");
    assertThatThrownBy(() -> SearchFilter.parse("metrics.auc > 1 or metrics.auc < 0"))
        .hasMessageStartingWith("Unexpected token 'or' at position 17");
  }

  @Property
  void anyTextEitherParsesOrFailsWithAStoreException(@ForAll String text) {
    try {
      SearchFilter.parse(text);
    } catch (StoreException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property
  void anyQuotedValueRoundTrips(@ForAll String value) {
    String quoted = "'" + value.replace("'", "''") + "'";
    assertThat(SearchFilter.parse("params.p = " + quoted))
        .containsExactly(new Clause(Entity.PARAM, "p", "=", value, 1));
  }
}
