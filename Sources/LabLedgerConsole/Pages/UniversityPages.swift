import Foundation
import Hummingbird
import LabLedgerAPI
import LabLedgerContract
import LabLedgerDomain

/// A university's pages: outputs by status (the validation queue first), the form that
/// registers an output, and the deadlines.
struct UniversityPages: Sendable {
    let console: Console

    func register(on group: RouterGroup<BasicRequestContext>) {
        let c = console
        group.get("outputs") { request, _ in try await c.page(request) { try await self.outputs($0, $1) } }
        group.get("outputs/new") { request, _ in
            try await c.page(request) { request, session in
                try await self.registration(request, session, form: RegistrationForm(lab: request.uri.queryParameters.get("lab") ?? ""), errors: FieldErrors())
            }
        }
        group.post("outputs/new") { request, _ in
            try await c.form(request) { form, session in try await self.register(request, session, form) }
        }
        group.get("deadlines") { request, _ in try await c.page(request) { try await self.deadlines($0, $1) } }
        group.post("outputs/:output/submission") { request, context in
            let output = context.parameters.get("output") ?? ""
            return try await c.form(request) { form, session in try await self.submit(output, form, session) }
        }
        group.post("outputs/:output/validation") { request, context in
            let output = context.parameters.get("output") ?? ""
            return try await c.form(request) { form, session in try await self.validate(output, form, session) }
        }
    }

    // MARK: Outputs by status

    struct OutputRow {
        let output: String; let title: String; let kind: String; let date: String; let doi: String; let affiliations: String; let reviewEnds: String
        /// Registered: it can be submitted for validation. Submitted: it can be validated.
        let canSubmit: Bool; let canValidate: Bool
    }
    struct InventionRow { let asset: String; let title: String; let disclosedOn: String; let fromOutputs: String; let owners: String; let patentStatus: String }
    struct StatusGroup { let status: String; let heading: String; let outputs: [OutputRow]; let count: Int }
    struct OutputsView {
        let frame: Frame
        let lab: String
        let labs: [String]
        let groups: [StatusGroup]
        let empty: Bool
        let headers: [TableSort.Header]
        let nextLink: String
        let hasNext: Bool
        let created: String
        let wasCreated: Bool
        let updated: String
        let wasUpdated: Bool
        let inventions: [InventionRow]
        let hasInventions: Bool
        let today: String
        let validator: String
    }

    /// The statuses in the order a university works through them: the validation queue first.
    static let statusOrder: [(String, String)] = [
        ("submitted", "Validation queue (submitted)"), ("under_review", "Under publication review"), ("validated", "Validated"),
        ("registered", "Registered"), ("published", "Published"), ("withdrawn", "Withdrawn"),
    ]

    static let outputColumns: [TableSort.Column] = [
        .init(key: "output", label: "Output"), .init(key: "title", label: "Title"), .init(key: "kind", label: "Kind"),
        .init(key: "date", label: "Date"), .init(key: "doi", label: "DOI"), .init(key: "affiliations", label: "Affiliations"),
        .init(key: "review", label: "Review ends"),
    ]

    static func sortValue(_ row: OutputRow, _ column: String) -> String {
        switch column {
        case "title": row.title
        case "kind": row.kind
        case "date": row.date
        case "doi": row.doi
        case "affiliations": row.affiliations
        case "review": row.reviewEnds
        default: row.output
        }
    }

    func outputs(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        let (labs, assets) = try await knownLabsAndAssets(session)
        let lab = request.uri.queryParameters.get("lab").flatMap { $0.isEmpty ? nil : $0 } ?? labs.first ?? ""
        let sort = TableSort(Self.outputColumns, sort: request.uri.queryParameters.get("sort"), dir: request.uri.queryParameters.get("dir"))
        try sort.check()
        let after = request.uri.queryParameters.get("after")
        var groups: [StatusGroup] = []
        var next = ""
        if !lab.isEmpty {
            // After a registration: wait until the read model shows it (read your writes).
            let position = request.uri.queryParameters.get("position")
            let page = try await console.api.read(as: session.principal, requestID: Console.requestID(), position: position) {
                try await $0.listLabOutputs(.init(path: .init(labId: lab), query: .init(after: after, limit: 100)))
            }.ok.body.json
            next = page.next ?? ""
            groups = Self.byStatus(page.items).map {
                StatusGroup(status: $0.status, heading: $0.heading, outputs: sort.apply($0.outputs, Self.sortValue), count: $0.count)
            }
        }
        let path = "/console/outputs"
        let nextLink = next.isEmpty ? "" : TableSort.link(path, [("lab", lab), ("after", next)] + sort.parameters)
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Research outputs", path: request.uri.path, freshness: freshness)
        let created = request.uri.queryParameters.get("created") ?? ""
        let updated = request.uri.queryParameters.get("updated") ?? ""
        let inventions = assets.filter { $0.lab == lab }.map {
            InventionRow(
                asset: $0.asset, title: $0.title, disclosedOn: $0.disclosedOn, fromOutputs: $0.fromOutputs.joined(separator: ", "),
                owners: $0.owners.map { "\($0.party) \(CompanyPages.percent($0.shareBasisPoints))" }.joined(separator: ", "),
                patentStatus: $0.patentStatus.rawValue)
        }
        return try console.render(
            OutputsView(
                frame: frame, lab: lab, labs: labs, groups: groups, empty: groups.isEmpty,
                headers: sort.headers(path: path, keep: [("lab", lab), ("after", after ?? "")]), nextLink: nextLink, hasNext: !nextLink.isEmpty,
                created: created, wasCreated: !created.isEmpty, updated: updated, wasUpdated: !updated.isEmpty, inventions: inventions, hasInventions: !inventions.isEmpty,
                today: Days.today().rawValue, validator: session.principal.party?.rawValue ?? ""),
            "outputs")
    }

    static func byStatus(_ items: [Components.Schemas.OutputSummary]) -> [StatusGroup] {
        statusOrder.compactMap { status, heading in
            let rows = items.filter { $0.status.rawValue == status }.map {
                OutputRow(
                    output: $0.output, title: $0.title, kind: $0.kind.rawValue, date: $0.date, doi: $0.doi ?? "",
                    affiliations: $0.affiliations.joined(separator: ", "), reviewEnds: $0.reviewWindowEndsOn ?? "",
                    canSubmit: status == "registered", canValidate: status == "submitted")
            }
            return rows.isEmpty ? nil : StatusGroup(status: status, heading: heading, outputs: rows, count: rows.count)
        }
    }

    /// The labs a key can name here: those of its deadlines and IP assets, both as the API
    /// shows them to the key (there is no list of labs a party key may read).
    func knownLabs(_ session: ConsoleSession) async throws -> [String] {
        try await knownLabsAndAssets(session).labs
    }

    /// The labs a key can name, and its IP assets (the inventions disclosed), in two queries.
    func knownLabsAndAssets(_ session: ConsoleSession) async throws -> (labs: [String], assets: [Components.Schemas.IPAsset]) {
        let principal = session.principal
        let deadlines = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listDeadlines(.init(query: .init(party: principal.party?.rawValue, limit: 200)))
        }.ok.body.json.items
        let assets = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listIPAssets(.init(query: .init(party: principal.party?.rawValue, limit: 100)))
        }.ok.body.json.items
        return (Array(Set(deadlines.compactMap(\.lab) + assets.map(\.lab))).sorted(), assets)
    }

    // MARK: Registering an output

    struct RegistrationForm: Sendable {
        var lab = ""
        var output = ""
        var kind = "paper"
        var title = ""
        var doi = ""
        var date = ""
        var affiliations = ""
        var agreement = ""
        var contributors = ""

        init(lab: String) { self.lab = lab }

        init(_ form: FormBody) {
            lab = form["lab"] ?? ""
            output = form["output"] ?? ""
            kind = form["kind"] ?? "paper"
            title = form["title"] ?? ""
            doi = form["doi"] ?? ""
            date = form["date"] ?? ""
            affiliations = form["affiliations"] ?? ""
            agreement = form["agreement"] ?? ""
            contributors = form["contributors"] ?? ""
        }

        /// The command's JSON body, as a JSON client would send it: every required property
        /// present (blank when the control was left empty, so the contract check names it),
        /// optional ones only when filled. Contributors are one a line: the ORCID iD, then
        /// CRediT roles separated by commas or spaces.
        var json: Data {
            var body: [String: Any] = [
                "output": output, "kind": kind, "title": title, "date": date,
                "affiliations": Self.affiliations(affiliations), "contributors": Self.contributors(contributors),
            ]
            if !doi.isEmpty { body["doi"] = doi }
            if !agreement.isEmpty { body["agreement"] = agreement }
            // Strings, arrays and dictionaries of them are always valid JSON.
            return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        }

        /// Party ids separated by commas or spaces (also the correction form's).
        static func affiliations(_ text: String) -> [String] {
            text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        }

        /// One contributor a line: the ORCID iD, then CRediT roles (also the correction form's).
        static func contributors(_ text: String) -> [[String: Any]] {
            text.split(whereSeparator: \.isNewline).compactMap { line -> [String: Any]? in
                let words = line.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
                guard let orcid = words.first else { return nil }
                return ["orcid": orcid, "creditRoles": Array(words.dropFirst())]
            }
        }
    }

    struct RegistrationView {
        struct Kind { let kind: String; let selected: Bool }
        let frame: Frame
        let form: RegistrationForm
        let kinds: [Kind]
        let labs: [String]
        let errors: FieldErrors
    }

    func registration(_ request: Request, _ session: ConsoleSession, form: RegistrationForm, errors: FieldErrors) async throws -> Response {
        let labs = try await knownLabs(session)
        var form = form
        if form.lab.isEmpty { form.lab = labs.first ?? "" }
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Register a research output", path: "/console/outputs/new", freshness: freshness)
        let kinds = Components.Schemas.OutputKind.allCases.map { RegistrationView.Kind(kind: $0.rawValue, selected: $0.rawValue == form.kind) }
        return try console.render(
            RegistrationView(frame: frame, form: form, kinds: kinds, labs: labs, errors: errors), "output-new",
            status: errors.isEmpty ? .ok : .badRequest)
    }

    /// Posts the form as the API's `registerOutput`, contract check included; a 400 comes back
    /// as the same form with each problem beside its control.
    func register(_ request: Request, _ session: ConsoleSession, _ body: FormBody) async throws -> Response {
        let form = RegistrationForm(body)
        let data = form.json
        let created: Components.Schemas.CommandResult
        do {
            created = try await console.api.command(
                as: session.principal, requestID: Console.requestID(), operationID: "registerOutput", body: data
            ) { operations in
                let decoded = try JSONDecoder().decode(Components.Schemas.RegisterOutput.self, from: data)
                return try await operations.registerOutput(.init(path: .init(labId: form.lab), body: .json(decoded))).created.body.json
            }
        } catch let problem as Problem where problem.status == .badRequest || problem.status == .unprocessableContent || problem.status == .conflict {
            return try await registration(request, session, form: form, errors: FieldErrors(problem))
        }
        return Self.afterRegistration(lab: form.lab, created: form.output, position: created.position)
    }

    // MARK: Submitting and validating

    /// `submitOutputForValidation` for one output of the list.
    func submit(_ output: String, _ form: FormBody, _ session: ConsoleSession) async throws -> Response {
        let data = Self.json(["submittedOn": form["submittedOn"] ?? ""])
        let result = try await console.api.command(
            as: session.principal, requestID: Console.requestID(), operationID: "submitOutputForValidation", body: data
        ) { operations in
            let body = try JSONDecoder().decode(Components.Schemas.SubmitOutputForValidation.self, from: data)
            return try await operations.submitOutputForValidation(.init(path: .init(outputId: output), body: .json(body))).ok.body.json
        }
        return Self.backToOutputs(lab: form["lab"] ?? "", done: output, position: result.position)
    }

    /// `validateOutput` for one output of the validation queue, as the key's own party.
    func validate(_ output: String, _ form: FormBody, _ session: ConsoleSession) async throws -> Response {
        let data = Self.json(["validatedBy": form["validatedBy"] ?? "", "validatedOn": form["validatedOn"] ?? ""])
        let result = try await console.api.command(
            as: session.principal, requestID: Console.requestID(), operationID: "validateOutput", body: data
        ) { operations in
            let body = try JSONDecoder().decode(Components.Schemas.ValidateOutput.self, from: data)
            return try await operations.validateOutput(.init(path: .init(outputId: output), body: .json(body))).ok.body.json
        }
        return Self.backToOutputs(lab: form["lab"] ?? "", done: output, position: result.position)
    }

    static func json(_ object: [String: String]) -> Data {
        // A dictionary of strings is always valid JSON.
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// The outputs page after a command, waiting for the command's position (read your writes).
    static func backToOutputs(lab: String, done output: String, position: String) -> Response {
        Console.redirect("/console/outputs?lab=\(queryValue(lab))&updated=\(queryValue(output))&position=\(queryValue(position))")
    }

    /// The outputs page after a registration. Every value is encoded as a query value:
    /// `.urlQueryAllowed` would leave `&`, `=` and `#` as they are.
    static func afterRegistration(lab: String, created output: String, position: String) -> Response {
        Console.redirect("/console/outputs?lab=\(queryValue(lab))&created=\(queryValue(output))&position=\(queryValue(position))")
    }

    /// RFC 3986's unreserved characters (ASCII letters, digits, `-._~`) stay; everything else is
    /// percent-encoded (`.alphanumerics` alone would also pass non-ASCII letters through).
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func queryValue(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }

    // MARK: Deadlines

    struct DeadlineRow {
        let dueOn: String; let left: String; let overdue: Bool; let kind: String; let subject: String; let lab: String; let description: String
        /// The first row due on its day carries the anchor the month's grid links to.
        var firstOfDay = false
    }
    struct DayCell {
        let hasDay: Bool; let day: String; let date: String; let hasDue: Bool; let dueLabel: String; let isToday: Bool; let isPast: Bool
        init(_ day: MonthGrid.Day) {
            hasDay = day.day != nil
            self.day = day.day.map(String.init) ?? ""
            date = day.date
            hasDue = day.due > 0
            dueLabel = day.due == 1 ? "1 due" : "\(day.due) due"
            isToday = day.isToday
            isPast = day.isPast
        }
    }
    struct Week { let days: [DayCell] }
    struct Month {
        let month: String; var deadlines: [DeadlineRow]
        var weeks: [Week] = []
    }
    struct DeadlinesView {
        let frame: Frame; let months: [Month]; let empty: Bool; let from: String; let headers: [TableSort.Header]; let nextLink: String
        let hasNext: Bool
    }

    static let deadlineColumns: [TableSort.Column] = [
        .init(key: "due", label: "Due on"), .init(key: "kind", label: "Kind"), .init(key: "subject", label: "Subject"),
        .init(key: "lab", label: "Lab"), .init(key: "what", label: "What"),
    ]

    static func sortValue(_ row: DeadlineRow, _ column: String) -> String {
        switch column {
        case "kind": row.kind
        case "subject": row.subject
        case "lab": row.lab
        case "what": row.description
        default: row.dueOn
        }
    }

    /// Open deadlines by due date: per month that has any on this page, a wall-calendar grid
    /// whose days link to the list of that month's deadlines below it.
    func deadlines(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        let sort = TableSort(Self.deadlineColumns, sort: request.uri.queryParameters.get("sort"), dir: request.uri.queryParameters.get("dir"))
        try sort.check()
        let principal = session.principal
        let from = request.uri.queryParameters.get("from").flatMap { $0.isEmpty ? nil : $0 }
        let after = request.uri.queryParameters.get("after")
        let page = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listDeadlines(.init(query: .init(party: principal.party?.rawValue, from: from, after: after, limit: 100)))
        }.ok.body.json
        let today = Days.today()
        var months: [Month] = []
        for item in page.items {
            let due = try? LocalDate(parsing: item.dueOn)
            let row = DeadlineRow(
                dueOn: item.dueOn, left: due.map { Days.left(until: $0, today: today) } ?? "", overdue: due.map { $0 < today } ?? false,
                kind: item.kind.rawValue.replacingOccurrences(of: "_", with: " "), subject: item.subject, lab: item.lab ?? "",
                description: item.description)
            let month = String(item.dueOn.prefix(7))
            if months.last?.month == month {
                months[months.count - 1] = Month(month: month, deadlines: months[months.count - 1].deadlines + [row])
            } else {
                months.append(Month(month: month, deadlines: [row]))
            }
        }
        for index in months.indices {
            // Each month's rows are sorted within the month: the grid above them stays a month.
            months[index].deadlines = sort.apply(months[index].deadlines, Self.sortValue)
            var seen = Set<String>()
            for row in months[index].deadlines.indices where seen.insert(months[index].deadlines[row].dueOn).inserted {
                months[index].deadlines[row].firstOfDay = true
            }
            let grid = MonthGrid.of(month: months[index].month, dueDates: months[index].deadlines.map(\.dueOn), today: today)
            months[index].weeks = grid?.weeks.map { Week(days: $0.map(DayCell.init)) } ?? []
        }
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Deadlines", path: request.uri.path, freshness: freshness)
        let path = "/console/deadlines"
        let nextLink = page.next.map { TableSort.link(path, [("from", from ?? ""), ("after", $0)] + sort.parameters) } ?? ""
        return try console.render(
            DeadlinesView(
                frame: frame, months: months, empty: months.isEmpty, from: from ?? "",
                headers: sort.headers(path: path, keep: [("from", from ?? ""), ("after", after ?? "")]), nextLink: nextLink,
                hasNext: !nextLink.isEmpty),
            "deadlines")
    }
}
