import ArgumentParser
import TrellisCore

extension ImportFormat: ExpressibleByArgument {}

/// `--from FORMAT`, shared by `import` and `validate`.
struct ImportFormatOption: ParsableArguments {
    @Option(name: .customLong("from"), help: ArgumentHelp("The input's format (default: detected from the content).", valueName: "format"))
    var format: ImportFormat?
}
