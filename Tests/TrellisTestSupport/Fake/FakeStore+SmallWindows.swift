import TrellisModel

extension FakeStore {
    /// A fake holding `lines` that cuts small windows (more than 40 spans, 10 top-level spans each
    /// side), so that a long document of a few hundred spans crosses many windows.
    public static func smallWindows(_ lines: [String]) throws -> FakeStore {
        let store = try FakeStore(lines: lines)
        store.windowLimit = 40
        store.windowReach = 10
        return store
    }
}

extension AppHarness where Store == FakeStore {
    /// The app on `store` with the list's first document open.
    public static func opened(_ store: FakeStore) -> FakeApp {
        let app = FakeApp(store: store)
        app.type("<enter>")
        return app
    }
}
