package dev.kiln.data.synth;

import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Rule;
import dev.kiln.core.schema.Schema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Card payments with fraud: a realistic tabular dataset generated from a seed, documented in
 * docs/quickstart.md. Six months of payments (January to June 2025), sorted by time, about 1.5%
 * fraud. From {@link #SHIFT} on, the world changes the way it does in production: amounts grow, the
 * app takes share from the web, a new merchant category ("crypto") appears and fraud moves to the
 * app channel and to crypto, so the fraud rate roughly doubles, to about 3%. Later steps of the
 * loop use that shift for drift detection and retraining.
 *
 * <p>The same seed gives the same rows on every JVM: values come only from {@link
 * SplittableRandom#nextDouble()}/{@code nextInt}, whose algorithms are specified, with normal
 * variates by Box-Muller.
 */
public final class Payments {
  public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  public static final Instant END = Instant.parse("2025-07-01T00:00:00Z");
  public static final Instant SHIFT = Instant.parse("2025-05-01T00:00:00Z");

  static final String[] CATEGORIES = {
    "grocery",
    "restaurants",
    "fuel",
    "travel",
    "electronics",
    "fashion",
    "health",
    "entertainment",
    "utilities",
    "gift_cards"
  };
  static final double[] CATEGORY_WEIGHTS = {25, 15, 12, 6, 7, 10, 6, 8, 8, 3};
  static final String NEW_CATEGORY = "crypto";
  static final String[] COUNTRIES = {"DE", "FR", "NL", "ES", "IT", "GB", "US", "PL"};
  static final double[] FOREIGN_WEIGHTS = {0, 22, 18, 15, 15, 14, 10, 6};
  static final String HOME = "DE";
  static final String[] CHANNELS = {"pos", "web", "app"};

  private Payments() {}

  /** The schema of the generated data, with the rules a data contract for it would state. */
  public static Schema schema() {
    List<Field> fields =
        List.of(
            Field.of("payment_id", ColumnType.TEXT, false),
            Field.of("ts", ColumnType.TIMESTAMP, false),
            Field.of("customer_id", ColumnType.TEXT, false),
            Field.of("amount", ColumnType.FLOAT, false),
            Field.of("merchant_category", ColumnType.CATEGORICAL, false),
            Field.of("channel", ColumnType.CATEGORICAL, false),
            Field.of("country", ColumnType.CATEGORICAL, false),
            Field.of("card_present", ColumnType.BOOLEAN, false),
            Field.of("customer_age", ColumnType.INTEGER, true),
            Field.of("account_age_days", ColumnType.INTEGER, false),
            Field.of("txn_last_24h", ColumnType.INTEGER, false),
            Field.of("distance_from_home_km", ColumnType.FLOAT, true),
            Field.of("is_fraud", ColumnType.INTEGER, false));
    List<Rule> rules = new ArrayList<>();
    for (Field f : fields) {
      if (!f.nullable()) {
        rules.add(new Rule.Required(f.name()));
      }
    }
    rules.add(new Rule.Unique("payment_id"));
    rules.add(new Rule.Pattern("payment_id", "p[0-9]{7}"));
    rules.add(new Rule.Range("amount", 0.01, 25_000.0));
    rules.add(new Rule.Allowed("merchant_category", List.of(CATEGORIES)));
    rules.add(new Rule.Allowed("channel", List.of(CHANNELS)));
    rules.add(new Rule.Pattern("country", "[A-Z]{2}"));
    rules.add(new Rule.Range("customer_age", 18.0, 100.0));
    rules.add(new Rule.MaxNullRate("customer_age", 0.10));
    rules.add(new Rule.Range("account_age_days", 0.0, null));
    rules.add(new Rule.MaxNullRate("distance_from_home_km", 0.15));
    rules.add(new Rule.Allowed("is_fraud", List.of("0", "1")));
    rules.add(new Rule.RowCount(1000L, null));
    rules.add(new Rule.Check("card_present_only_at_pos", "NOT card_present OR channel = 'pos'"));
    return new Schema(fields, rules);
  }

  /** Generates {@code rows} payments from {@code seed}. */
  public static Frame generate(int rows, long seed) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be positive but was " + rows);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int customers = Math.max(10, rows / 25);
    Customer[] people = new Customer[customers];
    for (int i = 0; i < customers; i++) {
      people[i] = Customer.draw(rnd);
    }
    long[] times = times(rnd, rows);
    var id = new StringColumn.Builder("payment_id", ColumnType.TEXT, rows);
    var ts = new LongColumn.Builder("ts", ColumnType.TIMESTAMP, rows);
    var customer = new StringColumn.Builder("customer_id", ColumnType.TEXT, rows);
    var amount = new DoubleColumn.Builder("amount", rows);
    var category = new StringColumn.Builder("merchant_category", ColumnType.CATEGORICAL, rows);
    var channel = new StringColumn.Builder("channel", ColumnType.CATEGORICAL, rows);
    var country = new StringColumn.Builder("country", ColumnType.CATEGORICAL, rows);
    var present = new BooleanColumn.Builder("card_present");
    var age = new LongColumn.Builder("customer_age", ColumnType.INTEGER, rows);
    var accountAge = new LongColumn.Builder("account_age_days", ColumnType.INTEGER, rows);
    var recent = new LongColumn.Builder("txn_last_24h", ColumnType.INTEGER, rows);
    var distance = new DoubleColumn.Builder("distance_from_home_km", rows);
    var fraud = new LongColumn.Builder("is_fraud", ColumnType.INTEGER, rows);
    long shiftMicros = micros(SHIFT);
    for (int r = 0; r < rows; r++) {
      boolean shifted = times[r] >= shiftMicros;
      int who =
          (int) Math.min(customers - 1, Math.floor(Math.pow(rnd.nextDouble(), 1.6) * customers));
      Customer c = people[who];
      int hour = (int) ((times[r] / 3_600_000_000L) % 24);
      boolean night = hour < 6;
      String chan =
          CHANNELS[pick(rnd, shifted ? new double[] {45, 20, 35} : new double[] {55, 28, 17})];
      String cat =
          shifted && rnd.nextDouble() < 0.04
              ? NEW_CATEGORY
              : CATEGORIES[pick(rnd, CATEGORY_WEIGHTS)];
      boolean abroad = rnd.nextDouble() < (cat.equals("travel") ? 0.45 : 0.08);
      String where = abroad ? COUNTRIES[pick(rnd, FOREIGN_WEIGHTS)] : HOME;
      boolean cardPresent = chan.equals("pos") && rnd.nextDouble() < 0.97;
      double amt = Math.exp(3.4 + 0.95 * gaussian(rnd) + (shifted ? 0.25 : 0)) * categoryScale(cat);
      amt = Math.min(25_000, Math.max(0.5, Math.round(amt * 100) / 100.0));
      long daysOpen = Math.max(0, times[r] / 86_400_000_000L - c.accountOpened);
      long txns = poisson(rnd, c.activity);
      double dist =
          abroad ? 300 + Math.exp(6.5 + 0.8 * gaussian(rnd)) : Math.exp(1.5 + 1.1 * gaussian(rnd));
      double z =
          -5.4
              + 0.55 * (Math.log(amt) - 3.4)
              + (chan.equals("web") ? 1.0 : 0)
              + (night ? 0.8 : 0)
              + (abroad ? 1.1 : 0)
              + 0.22 * Math.min(txns, 12)
              - (cardPresent ? 0.9 : 0)
              + (daysOpen < 60 ? 1.0 : 0)
              + (cat.equals("electronics") || cat.equals("gift_cards") ? 0.7 : 0)
              + (shifted && chan.equals("app") ? 0.9 : 0)
              + (cat.equals(NEW_CATEGORY) ? 1.6 : 0)
              + 0.35 * c.risk;
      boolean isFraud = rnd.nextDouble() < 1 / (1 + Math.exp(-z));
      if (isFraud && rnd.nextDouble() < 0.5) {
        txns += 1 + rnd.nextInt(6); // card testing: bursts of small payments before the fraud
      }
      id.add(String.format("p%07d", r + 1));
      ts.add(times[r]);
      customer.add(String.format("c%06d", who + 1));
      amount.add(amt);
      category.add(cat);
      channel.add(chan);
      country.add(where);
      present.add(cardPresent);
      if (rnd.nextDouble() < 0.04) {
        age.addNull();
      } else {
        age.add(c.age);
      }
      accountAge.add(daysOpen);
      recent.add(txns);
      if (rnd.nextDouble() < (chan.equals("pos") ? 0.03 : 0.12)) {
        distance.addNull();
      } else {
        distance.add(Math.round(dist * 10) / 10.0);
      }
      fraud.add(isFraud ? 1 : 0);
    }
    return new Frame(
        List.of(
            id.build(),
            ts.build(),
            customer.build(),
            amount.build(),
            category.build(),
            channel.build(),
            country.build(),
            present.build(),
            age.build(),
            accountAge.build(),
            recent.build(),
            distance.build(),
            fraud.build()));
  }

  /** A card holder: fixed traits drawn once. */
  private record Customer(long age, long accountOpened, double activity, double risk) {
    static Customer draw(SplittableRandom rnd) {
      long age = Math.max(18, Math.min(95, Math.round(42 + 15 * gaussian(rnd))));
      long startDay = micros(START) / 86_400_000_000L;
      long opened = startDay - (long) (rnd.nextDouble() * 3650) + (long) (rnd.nextDouble() * 150);
      double activity = Math.exp(0.3 + 0.6 * gaussian(rnd));
      return new Customer(age, opened, activity, gaussian(rnd));
    }
  }

  /** Sorted payment times: more by day than at night, uniform over the days. */
  private static long[] times(SplittableRandom rnd, int rows) {
    long start = micros(START);
    long days = ChronoUnit.DAYS.between(START, END);
    long[] t = new long[rows];
    for (int i = 0; i < rows; i++) {
      long day = (long) (rnd.nextDouble() * days);
      double hour = rnd.nextDouble() < 0.85 ? 7 + rnd.nextDouble() * 16 : rnd.nextDouble() * 24;
      t[i] = start + day * 86_400_000_000L + (long) (hour * 3600) * 1_000_000L; // whole seconds
    }
    Arrays.sort(t);
    return t;
  }

  private static double categoryScale(String cat) {
    return switch (cat) {
      case "travel" -> 4.0;
      case "electronics" -> 3.0;
      case "crypto" -> 5.0;
      case "fuel" -> 1.2;
      case "grocery", "restaurants" -> 0.8;
      default -> 1.0;
    };
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static int pick(SplittableRandom rnd, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rnd.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static long poisson(SplittableRandom rnd, double mean) {
    double limit = Math.exp(-mean);
    double p = rnd.nextDouble();
    long k = 0;
    while (p > limit) {
      p *= rnd.nextDouble();
      k++;
    }
    return k;
  }
}
