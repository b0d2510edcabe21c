import Foundation

/// The operating-system account name, the default reviewer identity.
enum LoginName {
    static var current: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "reviewer"
    }
}
