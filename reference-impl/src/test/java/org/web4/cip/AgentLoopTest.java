package org.web4.cip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The agent loop remembers what it is handed and applies the documented mission-drift rule. */
class AgentLoopTest {
  private static ObjectNode intent(String topic) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("goal", "ask");
    o.put("topic", topic);
    o.put("priority", "normal");
    return o;
  }

  private static void settle(AgentLoop loop, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (loop.memory().size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  @Test
  void driftStartsWhenMostRecentIntentsLeaveTheMissionAndEndsWhenTheyComeBack()
      throws InterruptedException {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (AgentLoop loop = new AgentLoop()) {
      loop.mission(Set.of("physics"), (d, o, w) -> seen.add(d + " " + o + "/" + w));
      int n = 0;
      for (int i = 0; i < 10; i++) {
        loop.submit(new AgentLoop.IntentAccepted("p", intent("physics")));
        n++;
      }
      for (int i = 0; i < 10; i++) {
        loop.submit(new AgentLoop.IntentAccepted("p", intent("gossip")));
        n++;
      }
      settle(loop, n);
      assertThat(seen).as("10 of 20 outside is not more than half").isEmpty();
      loop.submit(new AgentLoop.IntentAccepted("p", intent("gossip")));
      settle(loop, ++n);
      assertThat(seen).containsExactly("true 11/20");
      for (int i = 0; i < 12; i++) {
        loop.submit(new AgentLoop.IntentAccepted("p", intent("physics")));
        n++;
      }
      settle(loop, n);
      assertThat(seen).hasSize(2).last().asString().startsWith("false");
    }
  }

  @Test
  void withoutAMissionThereIsNoDriftAndTheMemoryIsBounded() throws InterruptedException {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (AgentLoop loop = new AgentLoop()) {
      loop.mission(Set.of(), (d, o, w) -> seen.add("drift"));
      for (int i = 0; i < AgentLoop.MEMORY + 50; i++) {
        loop.submit(new AgentLoop.IntentAccepted("p", intent("anything")));
        if (i % 500 == 0) {
          Thread.sleep(20); // let the loop keep up: the queue holds 1024
        }
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (loop.memory().size() < AgentLoop.MEMORY && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertThat(loop.memory()).hasSize(AgentLoop.MEMORY);
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void handedOverWorkIsRememberedOnTheHandingThreadWithoutALoopThread() {
    try (AgentLoop loop = new AgentLoop()) {
      loop.submit(new AgentLoop.IntentAccepted("p", intent("physics")));
      assertThat(loop.memory()).as("remembered before submit returned").hasSize(1);
      assertThat(Thread.getAllStackTraces().keySet())
          .as("ADR 1430: a hand-over wakes no thread")
          .noneMatch(t -> t.getName().equals("agent-loop"));
    }
  }

  @Test
  void workHandedOverByConcurrentThreadsIsAllRememberedEachInItsOrder()
      throws InterruptedException {
    int threads = 4;
    int each = 200;
    try (AgentLoop loop = new AgentLoop()) {
      List<Thread> started = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String peer = "p" + t;
        Thread th =
            new Thread(
                () -> {
                  for (int i = 0; i < each; i++) {
                    loop.submit(new AgentLoop.IntentAccepted(peer, intent("t" + i)));
                  }
                });
        th.start();
        started.add(th);
      }
      for (Thread th : started) {
        th.join();
      }
      List<AgentLoop.Work> memory = loop.memory();
      assertThat(memory).hasSize(threads * each);
      assertThat(loop.dropped()).isZero();
      for (int t = 0; t < threads; t++) {
        String peer = "p" + t;
        List<String> topics =
            memory.stream()
                .map(w -> (AgentLoop.IntentAccepted) w)
                .filter(w -> w.peer().equals(peer))
                .map(w -> w.intent().path("topic").asText())
                .toList();
        assertThat(topics).hasSize(each);
        for (int i = 0; i < each; i++) {
          assertThat(topics.get(i)).isEqualTo("t" + i);
        }
      }
    }
  }
}
