package org.relaychat.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The server process under test, found from the outside: the process holding the socket that
 * listens on the server's port (Linux {@code /proc}). Lets a test count the server's open files.
 */
final class ServerProcess {

    private final Path fds;

    private ServerProcess(Path fds) {
        this.fds = fds;
    }

    static ServerProcess listeningOn(int port) throws IOException {
        String inode = listeningInode(port).orElseThrow(() -> new IllegalStateException("nothing listens on " + port));
        String socket = "socket:[" + inode + "]";
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> holds(p.resolve("fd"), socket))
                    .findFirst()
                    .map(p -> new ServerProcess(p.resolve("fd")))
                    .orElseThrow(() -> new IllegalStateException("no readable process holds " + socket));
        }
    }

    long openFiles() throws IOException {
        try (Stream<Path> open = Files.list(fds)) {
            return open.count();
        }
    }

    private static Optional<String> listeningInode(int port) throws IOException {
        String local = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                // local address, remote address, state (0A = LISTEN) ... inode
                if (f.length > 9 && f[1].endsWith(local) && f[3].equals("0A")) {
                    return Optional.of(f[9]);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean holds(Path fdDir, String socket) {
        try (Stream<Path> open = Files.list(fdDir)) {
            return open.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(socket);
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException | SecurityException notOurs) {
            return false;
        }
    }
}
