/// The web console's part of the URL space (`/console/…`, issue 17). The console authenticates
/// by its own session cookie and answers HTML, so the API's bearer-key scope and its JSON
/// `Accept` check step aside for these paths; the console then runs every read and command
/// through `InProcessAPI` as the signed-in key's principal, so the API's own access and
/// visibility rules still judge each one.
public enum ConsolePaths {
    public static let prefix = "/console"

    public static func owns(_ path: String) -> Bool {
        path == prefix || path.hasPrefix(prefix + "/")
    }
}
