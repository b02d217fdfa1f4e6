package dev.jconda.cache;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamBoundTest {
    @Test
    void aRefusalBringsTheBoundDownToTheOthersInFlightAndNeverUp() throws Exception {
        StreamBound bound = new StreamBound(10);
        for (int i = 0; i < 6; i++) {
            bound.acquire();
        }
        bound.refused(); // six in flight, one of them refused: the server allows five
        assertEquals(5, bound.limit());
        bound.refused(); // a second refusal at the same moment says nothing new
        assertEquals(5, bound.limit());
        for (int i = 0; i < 6; i++) {
            bound.release();
        }
        bound.acquire();
        bound.acquire();
        bound.refused(); // two in flight: the bound never goes up again, only down
        assertEquals(1, bound.limit());
        bound.release();
        bound.release();
    }

    @Test
    void afterShrinkingOnlyThatManyAreLetThrough() throws Exception {
        StreamBound bound = new StreamBound(4);
        for (int i = 0; i < 4; i++) {
            bound.acquire();
        }
        bound.refused(); // four held, the server allows three
        assertEquals(3, bound.limit());
        for (int i = 0; i < 4; i++) {
            bound.release();
        }
        for (int i = 0; i < 3; i++) {
            bound.acquire();
        }
        CountDownLatch fourth = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                bound.acquire();
                fourth.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertFalse(fourth.await(200, TimeUnit.MILLISECONDS), "a fourth waits while three are in flight");
        bound.release();
        assertTrue(fourth.await(5, TimeUnit.SECONDS), "and goes once one ends");
        waiter.join();
    }

    @Test
    void oneRefusedRequestAloneStillMayGo() throws Exception {
        StreamBound bound = new StreamBound(3);
        bound.acquire();
        bound.refused();
        assertEquals(1, bound.limit(), "at least one request may always be in flight");
        bound.release();
        bound.acquire();
        bound.release();
        assertThrows(IllegalArgumentException.class, () -> new StreamBound(0));
    }
}
