<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswerCommand</name>
    <message>
        <source>Answer %1: %2</source>
        <translation>作答 %1：%2</translation>
    </message>
</context>
<context>
    <name>CaseFacts</name>
    <message>
        <source>%1 p.</source>
        <translation>%1 页</translation>
    </message>
    <message>
        <source>Case facts</source>
        <translation>案件信息</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <source>Decision no.</source>
        <translation>决定书文号</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>案卷文书</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Penalty</source>
        <translation>处罚内容</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>关键日期</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>执法单位</translation>
    </message>
</context>
<context>
    <name>CaseListScreen</name>
    <message>
        <source>%1 cases</source>
        <translation>共 %1 件</translation>
    </message>
    <message>
        <source>%1 of %2 cases</source>
        <translation>%1 件（共 %2 件）</translation>
    </message>
    <message>
        <source>All case types</source>
        <translation>全部案件类型</translation>
    </message>
    <message>
        <source>All grades</source>
        <translation>全部等次</translation>
    </message>
    <message>
        <source>All review states</source>
        <translation>全部评查状态</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部执法单位</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>No more cases in the list.</source>
        <translation>列表中没有更多案件了。</translation>
    </message>
    <message>
        <source>Search case no., party or cause  (Ctrl+F)</source>
        <translation>搜索案号、当事人、案由（Ctrl+F）</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Case no.</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <source>Enforcement unit</source>
        <translation>执法单位</translation>
    </message>
    <message>
        <source>Filing / decision date</source>
        <translation>立案/决定日期</translation>
    </message>
    <message>
        <source>Fine (yuan)</source>
        <translation>罚款金额（元）</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等次</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>评查状态</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>%1  %2 / %3</source>
        <translation>%1　%2 / %3</translation>
    </message>
    <message>
        <source>%1  (veto items)</source>
        <translation>%1（否决项）</translation>
    </message>
    <message>
        <source>-%1</source>
        <translation>-%1</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>评查项</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <source>veto</source>
        <translation>否决</translation>
    </message>
</context>
<context>
    <name>DialogService</name>
    <message>
        <source>(no log file)</source>
        <translation>（无日志文件）</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Your saved answers are safe. Please send the log file to support:
%1</source>
        <translation>程序发生意外错误。已保存的评查结果不受影响。请将日志文件发送给技术支持：
%1</translation>
    </message>
    <message>
        <source>CaseReview</source>
        <translation>案卷评查</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <source>Cannot open the PDF file %1 (%2).</source>
        <translation>无法打开 PDF 文件 %1（%2）。</translation>
    </message>
    <message>
        <source>Cannot read the image %1: %2</source>
        <translation>无法读取图片 %1：%2</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>自适应</translation>
    </message>
    <message>
        <source>Fit the page to the width (Ctrl+0)</source>
        <translation>页面适合宽度（Ctrl+0）</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Next page (PgDn)</source>
        <translation>下一页（PgDn）</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>缩略图</translation>
    </message>
    <message>
        <source>Previous page (PgUp)</source>
        <translation>上一页（PgUp）</translation>
    </message>
    <message>
        <source>Select a document on the left to read it here.</source>
        <translation>请在左侧选择文书，在此阅读。</translation>
    </message>
    <message>
        <source>Show or hide page thumbnails</source>
        <translation>显示或隐藏页面缩略图</translation>
    </message>
    <message>
        <source>This case has no documents.</source>
        <translation>本案卷没有文书。</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>放大（Ctrl++）</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>缩小（Ctrl+-）</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>%1 — page %2</source>
        <translation>%1 — 第 %2 页</translation>
    </message>
    <message>
        <source>Answer “%1” (key %2)</source>
        <translation>结论“%1”（按键 %2）</translation>
    </message>
    <message>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <source>Describe the problem found, e.g. which document and what is missing.</source>
        <translation>写明发现的问题，例如哪份文书、缺少什么。</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据页面</translation>
    </message>
    <message>
        <source>Insert a standard finding phrase into the note (Ctrl+P in the note)</source>
        <translation>把常用表述插入说明（在说明中按 Ctrl+P）</translation>
    </message>
    <message>
        <source>Insert phrase…</source>
        <translation>插入常用表述…</translation>
    </message>
    <message>
        <source>Link current page (L)</source>
        <translation>关联当前页（L）</translation>
    </message>
    <message>
        <source>Max %1 points · %2</source>
        <translation>本项 %1 分 · %2</translation>
    </message>
    <message>
        <source>Note (N to write, Ctrl+Enter to save)</source>
        <translation>说明（N 编写，Ctrl+Enter 保存）</translation>
    </message>
    <message>
        <source>Occurrences</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Remove link</source>
        <translation>移除关联</translation>
    </message>
    <message>
        <source>Select an item in the checklist.</source>
        <translation>请在评查项列表中选择一项。</translation>
    </message>
    <message>
        <source>Veto: %1</source>
        <translation>否决效果：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;About CaseReview</source>
        <translation>关于案卷评查(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>About CaseReview</source>
        <translation>关于案卷评查</translation>
    </message>
    <message>
        <source>CaseReview %1
Case file review for administrative law enforcement.
Font: WenQuanYi Micro Hei (Apache-2.0).</source>
        <translation>案卷评查 CaseReview %1
行政执法案卷评查工具。
字体：文泉驿微米黑（Apache-2.0）。</translation>
    </message>
    <message>
        <source>CaseReview database (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>案卷评查数据库 (*.sqlite3 *.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>CaseReview — case file review</source>
        <translation>案卷评查 CaseReview</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>Open a CaseReview database</source>
        <translation>打开案卷评查数据库</translation>
    </message>
    <message>
        <source>This part of CaseReview is not installed in this build yet.</source>
        <translation>此功能尚未包含在当前版本中。</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Case review</source>
        <translation>案卷评查</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>问题整改</translation>
    </message>
    <message>
        <source>Standards</source>
        <translation>评查标准</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
</context>
<context>
    <name>ReviewWorkspace</name>
    <message>
        <source>Answer item %1 before linking a page.</source>
        <translation>请先对评查项 %1 作出结论，再关联页面。</translation>
    </message>
    <message>
        <source>Answer item %1 before writing a note.</source>
        <translation>请先对评查项 %1 作出结论，再写说明。</translation>
    </message>
    <message>
        <source>Back to list</source>
        <translation>返回列表</translation>
    </message>
    <message>
        <source>Back to the case list (Alt+←)</source>
        <translation>返回案卷列表（Alt+←）</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Item %1 carries no points to deduct.</source>
        <translation>评查项 %1 没有可扣的分值。</translation>
    </message>
    <message>
        <source>Item %1 is not a veto item.</source>
        <translation>评查项 %1 不是否决项。</translation>
    </message>
    <message>
        <source>Next case</source>
        <translation>下一案卷</translation>
    </message>
    <message>
        <source>Next document</source>
        <translation>下一份文书</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Open a document page first.</source>
        <translation>请先打开一份文书的页面。</translation>
    </message>
    <message>
        <source>PRACTICE MODE — this review is training only and never counts in real results; names and identifiers are hidden.</source>
        <translation>练习模式——本次评查仅用于培训，不计入正式结果；姓名和身份信息已隐去。</translation>
    </message>
    <message>
        <source>Previous case</source>
        <translation>上一案卷</translation>
    </message>
    <message>
        <source>Previous document</source>
        <translation>上一份文书</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Reason for reopening (kept in the audit log):</source>
        <translation>重新打开的理由（将记入审计日志）：</translation>
    </message>
    <message>
        <source>Redo answer</source>
        <translation>重做作答</translation>
    </message>
    <message>
        <source>Reopen review</source>
        <translation>重新打开评查</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Review reopened.</source>
        <translation>评查已重新打开。</translation>
    </message>
    <message>
        <source>Review submitted and locked.</source>
        <translation>评查已提交并锁定。</translation>
    </message>
    <message>
        <source>Shortcut sheet</source>
        <translation>快捷键一览</translation>
    </message>
    <message>
        <source>Shortcuts (F1)</source>
        <translation>快捷键（F1）</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Submit (Ctrl+S)</source>
        <translation>提交（Ctrl+S）</translation>
    </message>
    <message>
        <source>Submit this review? It will be locked; changing it later needs a reason.</source>
        <translation>确定提交本次评查吗？提交后将锁定，之后修改需要填写理由。</translation>
    </message>
    <message>
        <source>This review is submitted and locked; reopen it to change answers.</source>
        <translation>该评查已提交并锁定；如需修改请先重新打开。</translation>
    </message>
    <message>
        <source>Undo answer</source>
        <translation>撤销作答</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>← Case list</source>
        <translation>← 案卷列表</translation>
    </message>
</context>
<context>
    <name>ScoreBar</name>
    <message>
        <source>%1 / %2 points</source>
        <translation>%1 / %2 分</translation>
    </message>
    <message>
        <source>%1 of %2 items unanswered</source>
        <translation>未作答 %1 项（共 %2 项）</translation>
    </message>
    <message>
        <source>All %1 items answered</source>
        <translation>%1 项全部已作答</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存中…</translation>
    </message>
    <message>
        <source>⚠ Veto %1: %2</source>
        <translation>⚠ 否决 %1：%2</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Answer 不适用 (not applicable) and go to the next item</source>
        <translation>结论“不适用”，并转到下一项</translation>
    </message>
    <message>
        <source>Answer 否决 (veto), only for veto items</source>
        <translation>结论“否决”（仅限否决项）</translation>
    </message>
    <message>
        <source>Answer 扣分 (deduct); type the occurrences or amount, then Enter</source>
        <translation>结论“扣分”；输入次数或扣分值后按 Enter</translation>
    </message>
    <message>
        <source>Answer 符合 (pass) and go to the next item</source>
        <translation>结论“符合”，并转到下一项</translation>
    </message>
    <message>
        <source>Back to the case list</source>
        <translation>返回案卷列表</translation>
    </message>
    <message>
        <source>Case list</source>
        <translation>案卷列表</translation>
    </message>
    <message>
        <source>Change the occurrences or amount of a deduction</source>
        <translation>修改扣分的次数或分值</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>评查项</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文书阅读</translation>
    </message>
    <message>
        <source>In the note: insert a standard finding phrase</source>
        <translation>在说明中：插入常用表述</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Link the page being viewed as evidence</source>
        <translation>把正在查看的页面关联为证据</translation>
    </message>
    <message>
        <source>Next / previous document</source>
        <translation>下一份 / 上一份文书</translation>
    </message>
    <message>
        <source>Next / previous page</source>
        <translation>下一页 / 上一页</translation>
    </message>
    <message>
        <source>Next case in the list</source>
        <translation>列表中的下一案卷</translation>
    </message>
    <message>
        <source>Open the selected case</source>
        <translation>打开选中的案卷</translation>
    </message>
    <message>
        <source>Previous / next item</source>
        <translation>上一项 / 下一项</translation>
    </message>
    <message>
        <source>Previous case in the list</source>
        <translation>列表中的上一案卷</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>评查</translation>
    </message>
    <message>
        <source>Search cases</source>
        <translation>搜索案卷</translation>
    </message>
    <message>
        <source>Submit the review (asks for confirmation)</source>
        <translation>提交评查（需确认）</translation>
    </message>
    <message>
        <source>This shortcut sheet</source>
        <translation>显示本快捷键一览</translation>
    </message>
    <message>
        <source>Undo / redo an answer</source>
        <translation>撤销 / 重做作答</translation>
    </message>
    <message>
        <source>Write a note; Ctrl+Enter saves it, Esc cancels</source>
        <translation>编写说明；Ctrl+Enter 保存，Esc 取消</translation>
    </message>
    <message>
        <source>Zoom in / zoom out / fit width</source>
        <translation>放大 / 缩小 / 适合宽度</translation>
    </message>
</context>
<context>
    <name>StandardsScreen</name>
    <message>
        <source> (cap %1)</source>
        <translation>（上限 %1 分）</translation>
    </message>
    <message>
        <source>%1%2 · total %3 points · grades: %4 · N/A policy: %5</source>
        <translation>%1%2 · 总分 %3 分 · 等次：%4 · 不适用项：%5</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Content hash</source>
        <translation>内容哈希</translation>
    </message>
    <message>
        <source>Deduction rule</source>
        <translation>扣分规则</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>关联文书</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export the standard to Excel</source>
        <translation>把评查标准导出为 Excel</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>Import a scoring standard</source>
        <translation>导入评查标准</translation>
    </message>
    <message>
        <source>Import standard…</source>
        <translation>导入标准…</translation>
    </message>
    <message>
        <source>Imported “%1” version %2 (%3 items).</source>
        <translation>已导入“%1”版本 %2（%3 个评查项）。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>评查项</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>评查项数</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>No standards stored yet. Import one to start reviewing.</source>
        <translation>尚无评查标准。请先导入标准再开始评查。</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <source>Scoring standards</source>
        <translation>评查标准</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准名称</translation>
    </message>
    <message>
        <source>Standard files (*.yaml *.yml *.toml *.json *.xlsx)</source>
        <translation>评查标准文件 (*.yaml *.yml *.toml *.json *.xlsx)</translation>
    </message>
    <message>
        <source>Standards are versioned: a review keeps the exact version it was started with. Import a new file to create a new version.</source>
        <translation>评查标准按版本保存：每次评查固定使用开始时的标准版本。导入新文件即生成新版本。</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Veto effect</source>
        <translation>否决效果</translation>
    </message>
    <message>
        <source>“%1” version %2 is already stored with identical content.</source>
        <translation>“%1”版本 %2 已存在，内容相同，未重复导入。</translation>
    </message>
</context>
<context>
    <name>TrainingScreen</name>
    <message>
        <source>%1 confirmed findings in %2 case files, %3 curated entries (practice reviews excluded)</source>
        <translation>已确认问题 %1 个，涉及案卷 %2 件；已整理条目 %3 个（不含练习评查）</translation>
    </message>
    <message>
        <source>%1 findings in %2 cases, %3 units; %4 points deducted in all</source>
        <translation>共 %1 次，涉及 %2 件案卷、%3 个单位；累计扣 %4 分</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致率</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>练习人次</translation>
    </message>
    <message>
        <source>By problem category</source>
        <translation>按问题类别</translation>
    </message>
    <message>
        <source>By quarter</source>
        <translation>按季度</translation>
    </message>
    <message>
        <source>By quarter:</source>
        <translation>按季度：</translation>
    </message>
    <message>
        <source>By standard item</source>
        <translation>按评查项</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案卷</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案卷数</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <source>Choose a finished review first.</source>
        <translation>请先选择一份已完成的评查。</translation>
    </message>
    <message>
        <source>Choose a practice case first.</source>
        <translation>请先选择练习案卷。</translation>
    </message>
    <message>
        <source>Cohort results: agreement with the key per trainee</source>
        <translation>学员练习结果：与参考答案的一致情况</translation>
    </message>
    <message>
        <source>Common wordings:</source>
        <translation>常见表述：</translation>
    </message>
    <message>
        <source>Common-error library</source>
        <translation>常见问题库</translation>
    </message>
    <message>
        <source>Correct practice</source>
        <translation>正确做法</translation>
    </message>
    <message>
        <source>Curated</source>
        <translation>已整理</translation>
    </message>
    <message>
        <source>Curated entry (kept across campaigns)</source>
        <translation>培训条目（跨评查活动保留）</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据页</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Examples must be finding numbers separated by commas.</source>
        <translation>示例须为以逗号分隔的问题编号。</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>问题说明</translation>
    </message>
    <message>
        <source>Export training material</source>
        <translation>导出培训材料</translation>
    </message>
    <message>
        <source>Exported (anonymised) to %1.</source>
        <translation>已导出（已脱敏）：%1</translation>
    </message>
    <message>
        <source>Extra</source>
        <translation>多扣</translation>
    </message>
    <message>
        <source>Finding numbers, comma separated (empty: suggested examples)</source>
        <translation>问题编号，逗号分隔（留空则用推荐案例）</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>问题数</translation>
    </message>
    <message>
        <source>Findings found</source>
        <translation>问题检出率</translation>
    </message>
    <message>
        <source>Finished reviews that can become answer keys</source>
        <translation>可作为参考答案的已完成评查</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>分组：</translation>
    </message>
    <message>
        <source>Handout PDF…</source>
        <translation>导出讲义 PDF…</translation>
    </message>
    <message>
        <source>Handout Word…</source>
        <translation>导出讲义 Word…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>评查项</translation>
    </message>
    <message>
        <source>Items trainees miss most</source>
        <translation>学员最常漏扣的评查项</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>条目键</translation>
    </message>
    <message>
        <source>Key %1 points (%2), yours %3 points (%4), difference %5; veto %6; item agreement %7; missed: %8; not in the key: %9</source>
        <translation>参考答案 %1 分（%2），练习 %3 分（%4），相差 %5；否决%6；逐项一致率 %7；漏扣：%8；多扣：%9</translation>
    </message>
    <message>
        <source>Last comparison with the key</source>
        <translation>最近一次与参考答案的对照</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <source>Mean points gap</source>
        <translation>平均分差</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>漏扣</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>PDF file (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Practice cases (anonymised)</source>
        <translation>练习案卷（已脱敏）</translation>
    </message>
    <message>
        <source>Practice reviews</source>
        <translation>练习评查</translation>
    </message>
    <message>
        <source>Practice set</source>
        <translation>练习集</translation>
    </message>
    <message>
        <source>Publish as answer key</source>
        <translation>发布为参考答案</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Published practice case %1: %2</source>
        <translation>已发布练习案卷 %1：%2</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>对照结果</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>评查记录</translation>
    </message>
    <message>
        <source>Reviewer's wording</source>
        <translation>评查意见</translation>
    </message>
    <message>
        <source>Save entry</source>
        <translation>保存条目</translation>
    </message>
    <message>
        <source>Saved training entry %1.</source>
        <translation>已保存培训条目 %1。</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>练习集</translation>
    </message>
    <message>
        <source>Slides PDF…</source>
        <translation>导出幻灯片 PDF…</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Start practice</source>
        <translation>开始练习</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Trainer's explanation</source>
        <translation>讲解</translation>
    </message>
    <message>
        <source>Typical examples (anonymised)</source>
        <translation>典型案例（已脱敏）</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>练习</translation>
    </message>
    <message>
        <source>agrees</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>不一致</translation>
    </message>
</context>
</TS>
