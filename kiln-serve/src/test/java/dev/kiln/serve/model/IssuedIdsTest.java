package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IssuedIdsTest {
  @Test
  void idsAreThePrefixAndAHexCounterAndRememberTheirModelAndRows() {
    ServedModel model = PaymentsModel.served("1");
    IssuedIds ids = new IssuedIds("abc");
    assertThat(ids.issued()).isZero();
    assertThat(ids.next(model, 3)).isEqualTo("abc-1");
    for (int i = 2; i < 31; i++) {
      ids.next(model, 1);
    }
    assertThat(ids.next(model, 5)).isEqualTo("abc-1f");
    assertThat(ids.issued()).isEqualTo(31);
    assertThat(ids.lookup(1)).isEqualTo(new IssuedIds.Known(model, 3));
    assertThat(ids.lookup(31)).isEqualTo(new IssuedIds.Known(model, 5));
    assertThat(ids.lookup(0)).isNull();
    assertThat(ids.lookup(32)).isNull();
  }

  @Test
  void onlyTheMostRecentIdsAreRemembered() {
    ServedModel model = PaymentsModel.served("1");
    IssuedIds ids = new IssuedIds("abc");
    for (int i = 0; i < IssuedIds.SLOTS + 10; i++) {
      ids.next(model, 2);
    }
    assertThat(ids.lookup(10)).isNull(); // its slot now holds a later id
    assertThat(ids.lookup(11)).isEqualTo(new IssuedIds.Known(model, 2));
    assertThat(ids.lookup(IssuedIds.SLOTS + 10)).isEqualTo(new IssuedIds.Known(model, 2));
  }

  @Test
  void aReaderRacingWritersNeverSeesAnotherIdsRows() throws Exception {
    // Writer t issues ids with t+1 rows by model t; a torn read would pair a model and rows
    // of two different ids.
    List<ServedModel> models = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      models.add(PaymentsModel.served(Integer.toString(t)));
    }
    IssuedIds ids = new IssuedIds("race");
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong checked = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < models.size(); t++) {
      int w = t;
      writers.add(
          new Thread(
              () -> {
                for (int i = 0; i < 300_000; i++) {
                  ids.next(models.get(w), w + 1);
                }
              }));
    }
    List<String> torn = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              SplittableRandom random = new SplittableRandom(1);
              while (!done.get()) {
                long issued = ids.issued();
                if (issued == 0) {
                  continue;
                }
                long c = issued - random.nextLong(Math.min(issued, 1_000));
                IssuedIds.Known k = ids.lookup(c);
                if (k != null) {
                  checked.incrementAndGet();
                  if (models.indexOf(k.model()) != k.rows() - 1) {
                    torn.add(c + ": " + k);
                  }
                }
              }
            });
    reader.start();
    writers.forEach(Thread::start);
    for (Thread w : writers) {
      w.join();
    }
    done.set(true);
    reader.join();
    assertThat(torn).isEmpty();
    assertThat(checked.get()).isPositive();
    assertThat(ids.issued()).isEqualTo(900_000);
  }
}
