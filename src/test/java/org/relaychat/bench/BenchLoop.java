package org.relaychat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * One selector thread driving many {@link BenchSocket}s. Work for the loop (registrations, interest
 * changes, closes) is queued and run between selects, so sockets are only touched here.
 */
final class BenchLoop implements Executor, AutoCloseable {

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer shared = ByteBuffer.allocate(1 << 20);
    private final Thread thread;
    private volatile boolean running = true;

    BenchLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        selector.wakeup();
    }

    void register(BenchSocket socket) {
        execute(() -> {
            try {
                socket.registered(socket.channel().register(selector, SelectionKey.OP_CONNECT, socket));
            } catch (IOException e) {
                socket.closeNow(-1, "register failed: " + e);
            }
        });
    }

    private void run() {
        while (running) {
            try {
                selector.select(100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                BenchSocket socket = (BenchSocket) key.attachment();
                if (!key.isValid()) {
                    continue;
                }
                int ops = key.readyOps();
                if ((ops & SelectionKey.OP_CONNECT) != 0) {
                    socket.finishConnect();
                    continue;
                }
                if ((ops & SelectionKey.OP_WRITE) != 0) {
                    socket.writable();
                }
                if ((ops & SelectionKey.OP_READ) != 0 && key.isValid()) {
                    socket.readable(shared);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
    }
}
