package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficTest {
  static final ModelSource PLAIN = ModelSource.bundle("payments", Path.of("a.kiln"));
  static final ModelSource CANARY = ModelSource.bundle("payments", Path.of("b.kiln")).variant(3000);
  static final ModelSource SMALL = ModelSource.bundle("payments", Path.of("c.kiln")).variant(250);
  static final ModelSource SHADOW = ModelSource.bundle("payments", Path.of("d.kiln")).asShadow();

  static ServedModel a;
  static ServedModel b;
  static ServedModel c;
  static ServedModel d;

  @BeforeAll
  static void models() {
    a = PaymentsModel.served("1");
    b = PaymentsModel.served("2");
    c = PaymentsModel.served("3");
    d = PaymentsModel.served("4");
  }

  @AfterAll
  static void close() {
    for (ServedModel m : List.of(a, b, c, d)) {
      m.retire();
    }
  }

  /** How many of the 10,000 buckets each model answers. */
  private static Map<ServedModel, Integer> counts(Traffic t) {
    Map<ServedModel, Integer> out = new IdentityHashMap<>();
    for (int bucket = 0; bucket < Traffic.WHOLE; bucket++) {
      out.merge(t.pick(bucket), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void aRouteKeysBucketIsTheDocumentedHash() {
    // FNV-1a 64 of the UTF-8 bytes, SplitMix64's finalizer, unsigned modulo 10,000: values from
    // an independent implementation in Python (docs/serving.md gives the formula)
    assertThat(Traffic.bucket("user-1")).isEqualTo(7624);
    assertThat(Traffic.bucket("alice")).isEqualTo(572);
    assertThat(Traffic.bucket("")).isEqualTo(6203);
    assertThat(Traffic.bucket("ü-42")).isEqualTo(8090);
    assertThat(Traffic.bucket("customer:9001")).isEqualTo(1111);
  }

  @Test
  void eachArmAnswersExactlyItsShareOfTheBucketsAndThePlainOneTheRest() {
    Traffic t =
        Traffic.of(List.of(PLAIN, CANARY, SMALL, SHADOW))
            .with(PLAIN.describe(), a)
            .with(CANARY.describe(), b)
            .with(SMALL.describe(), c)
            .with(SHADOW.describe(), d);
    assertThat(counts(t)).containsExactlyInAnyOrderEntriesOf(Map.of(a, 6750, b, 3000, c, 250));
    assertThat(t.shadows()).containsExactly(d);
    assertThat(t.primary()).isSameAs(a);
    assertThat(t.complete()).isTrue();
    assertThat(t.arms()).extracting(Traffic.Arm::share).containsExactly(6750, 3000, 250, 0);
  }

  @Test
  void anArmStillLoadingAnswersNothingAndTheLoadedOnesShareItsPart() {
    Traffic declared = Traffic.of(List.of(PLAIN, CANARY, SMALL, SHADOW));
    assertThat(declared.pick(0)).isNull();
    assertThat(declared.primary()).isNull();
    assertThat(declared.shadows()).isEmpty();
    // only the canary: it answers everything, and is the name's model until the plain one loads
    Traffic canary = declared.with(CANARY.describe(), b);
    assertThat(counts(canary)).containsExactlyEntriesOf(Map.of(b, 10_000));
    assertThat(canary.primary()).isSameAs(b);
    assertThat(canary.complete()).isFalse();
    // the plain arm and the small variant: 6750 : 250 stretched over the whole
    Traffic two = declared.with(PLAIN.describe(), a).with(SMALL.describe(), c);
    Map<ServedModel, Integer> counts = counts(two);
    assertThat(counts.get(a) + counts.get(c)).isEqualTo(10_000);
    assertThat(counts.get(c)).isBetween(356, 358); // 250 / 7000 of 10,000
    assertThat(two.primary()).isSameAs(a);
  }

  @Test
  void armsAtZeroStillAnswerWhenNothingElseIsLoaded() {
    ModelSource all = ModelSource.bundle("payments", Path.of("b.kiln")).variant(10_000);
    Traffic t = Traffic.of(List.of(PLAIN, all)).with(PLAIN.describe(), a);
    assertThat(t.arms()).extracting(Traffic.Arm::share).containsExactly(0, 10_000);
    assertThat(counts(t)).containsExactlyEntriesOf(Map.of(a, 10_000));
    assertThat(counts(t.with(all.describe(), b))).containsExactlyEntriesOf(Map.of(b, 10_000));
  }

  @Test
  void anArmWhoseFirstLoadFailedGivesItsShareToThePlainArm() {
    Traffic t = Traffic.of(List.of(PLAIN, CANARY, SHADOW)).without(CANARY.describe());
    assertThat(t.arms()).extracting(Traffic.Arm::share).containsExactly(10_000, 0);
    Traffic noPlain = Traffic.of(List.of(PLAIN, CANARY, SMALL)).without(PLAIN.describe());
    assertThat(noPlain.arms()).extracting(Traffic.Arm::share).containsExactly(3000 + 6750, 250);
    assertThat(Traffic.of(List.of(PLAIN, SHADOW)).without(PLAIN.describe())).isNull();
  }

  @Test
  void newSharesMustNameEveryTrafficArmAndAddUpToTheWhole() {
    Traffic t = Traffic.of(List.of(PLAIN, CANARY, SHADOW)).with(PLAIN.describe(), a);
    Traffic moved = t.withShares(Map.of("a.kiln", 0, "b.kiln", 10_000));
    assertThat(moved.arms()).extracting(Traffic.Arm::share).containsExactly(0, 10_000, 0);
    assertThat(moved.arms().get(0).model()).isSameAs(a);
    assertThatThrownBy(() -> t.withShares(Map.of("a.kiln", 5000, "b.kiln", 4000)))
        .hasMessage("the shares add up to 90% but must add up to 100%");
    assertThatThrownBy(() -> t.withShares(Map.of("a.kiln", 10_000)))
        .hasMessage(
            "every arm needs its share: 'b.kiln' is missing (arms: a.kiln, b.kiln, d.kiln)");
    assertThatThrownBy(() -> t.withShares(Map.of("a.kiln", 5000, "b.kiln", 5000, "x", 0)))
        .hasMessage("'x' is not an arm of this model; its arms: a.kiln, b.kiln, d.kiln");
    assertThatThrownBy(() -> t.withShares(Map.of("a.kiln", 5000, "b.kiln", 5000, "d.kiln", 0)))
        .hasMessage("'d.kiln' is a shadow: it answers no requests, so it has no share");
  }

  @Test
  void theArmsOfANameAreOnePlainSourceWithVariantsWithinTheWhole() {
    assertThatThrownBy(() -> Traffic.of(List.of(CANARY, SMALL)))
        .isInstanceOf(IllegalArgumentException.class);
    ModelSource big = ModelSource.bundle("payments", Path.of("e.kiln")).variant(7001);
    assertThatThrownBy(() -> Traffic.of(List.of(PLAIN, CANARY, big)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Traffic.percent(250)).isEqualTo("2.5");
    assertThat(Traffic.percent(10_000)).isEqualTo("100");
    assertThat(Traffic.percent(1)).isEqualTo("0.01");
  }
}
