import Dispatch
import Foundation

/// `transform` applied to every element of `items` on every core at once; the results keep the
/// order of `items`. For CPU-bound work over a batch already in memory.
func parallelMap<Element: Sendable, Result: Sendable>(_ items: [Element], _ transform: @Sendable (Element) -> Result) -> [Result] {
    let count = items.count
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, count)
    guard workers > 1 else { return items.map(transform) }
    let output = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
    output.initialize(repeating: nil)
    defer {
        // The slots are released before their memory is freed: results that hold references
        // (arrays, dictionaries, strings) would otherwise never be (a leak per element).
        output.deinitialize()
        output.deallocate()
    }
    let slots = SendableSlots(buffer: output)
    // Worker k takes elements k, k + workers, …: each slot is written by exactly one worker.
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var index = worker
        while index < count {
            slots.buffer[index] = transform(items[index])
            index += workers
        }
    }
    return output.map { $0! }
}

/// Result slots shared by the workers of `parallelMap`, each slot written by one of them only.
private struct SendableSlots<Result>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Result?>
}
