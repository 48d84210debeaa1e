package netd.hub.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RedisServer} for a test class (register it as a static extension): started
 * before its first test, emptied before each, stopped and removed after the last.
 */
public final class RedisForTests implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private RedisServer server;

    public RedisServer server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = RedisServer.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.flush();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }
}
