<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountsScreen</name>
    <message>
        <source>%1
Sign in as an administrator (File → Switch account…) to manage accounts.</source>
        <translation>%1
请以管理员身份登录（文件 → 切换账号…）后管理账号。</translation>
    </message>
    <message>
        <source>%1 kept sign-ins of “%2” revoked.</source>
        <translation>已撤销“%2”的 %1 个保持登录凭据。</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Account “%1” created.</source>
        <translation>已创建账号“%1”。</translation>
    </message>
    <message>
        <source>Account “%1” deactivated.</source>
        <translation>账号“%1”已停用。</translation>
    </message>
    <message>
        <source>Account “%1” reactivated.</source>
        <translation>账号“%1”已重新启用。</translation>
    </message>
    <message>
        <source>Account “%1” saved.</source>
        <translation>账号“%1”已保存。</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>At least 8 characters with letters and digits. The owner must change it at the first sign-in.</source>
        <translation>至少 8 个字符，须同时包含字母和数字。账号本人首次登录时须修改。</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Changes to the selected account (audit log, local time)</source>
        <translation>所选账号的变更记录（操作日志，本地时间）</translation>
    </message>
    <message>
        <source>Changes to “%1” (audit log, local time)</source>
        <translation>“%1”的变更记录（操作日志，本地时间）</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Deactivate “%1” (%2)? The account can no longer sign in; its reviews and audit entries stay.</source>
        <translation>停用“%1”（%2）？该账号将不能再登录；其评查记录和操作日志保留不变。</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Edit / roles…</source>
        <translation>编辑/角色…</translation>
    </message>
    <message>
        <source>Edit account</source>
        <translation>编辑账号</translation>
    </message>
    <message>
        <source>Ends every “keep me signed in” of this account (a lost or shared PC)</source>
        <translation>使该账号所有“保持登录”失效（电脑丢失或被他人使用时）</translation>
    </message>
    <message>
        <source>Enter the account name.</source>
        <translation>请输入账号名。</translation>
    </message>
    <message>
        <source>First password:</source>
        <translation>初始密码：</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <source>New account…</source>
        <translation>新建账号…</translation>
    </message>
    <message>
        <source>New password set for “%1”.</source>
        <translation>已为“%1”设置新密码。</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>No account yet. Create the first administrator with “New account…”; everyone then signs in with their own account.</source>
        <translation>还没有账号。请点击“新建账号…”创建第一个管理员，之后每个人都用自己的账号登录。</translation>
    </message>
    <message>
        <source>No active account. Tick “Show deactivated” to see deactivated ones, or create one with “New account…”.</source>
        <translation>没有启用中的账号。勾选“显示已停用”可查看已停用的账号，或点击“新建账号…”创建。</translation>
    </message>
    <message>
        <source>No change to this account is recorded yet. Edits, role changes, password resets and deactivation are listed here with who made them.</source>
        <translation>此账号还没有变更记录。修改资料、角色变更、重置密码和停用都会连同操作人列在这里。</translation>
    </message>
    <message>
        <source>No password yet</source>
        <translation>尚未设置密码</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>Reactivate “%1” (%2)? The account can sign in again.</source>
        <translation>重新启用“%1”（%2）？该账号将可以再次登录。</translation>
    </message>
    <message>
        <source>Rechecker</source>
        <translation>复核人</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>评查人</translation>
    </message>
    <message>
        <source>Revoke kept sign-ins</source>
        <translation>撤销保持登录</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Roles take effect at the account's next sign-in.</source>
        <translation>角色变更在该账号下次登录时生效。</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Select an account above to see the changes made to it.</source>
        <translation>在上方选择一个账号，查看对它的变更记录。</translation>
    </message>
    <message>
        <source>Set a new first password for “%1” (%2). The owner must change it at the next sign-in; a lock-out after wrong passwords is lifted.</source>
        <translation>为“%1”（%2）设置新的初始密码。本人下次登录时须修改；因输错密码造成的锁定同时解除。</translation>
    </message>
    <message>
        <source>Show deactivated</source>
        <translation>显示已停用</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Team lead</source>
        <translation>组长</translation>
    </message>
    <message>
        <source>The account name cannot change: the audit log refers to it.</source>
        <translation>账号名不能修改：操作日志以它为准。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Tick at least one role.</source>
        <translation>请至少勾选一个角色。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Trainer</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Who may sign in and what each account may do. Accounts are deactivated, never deleted: the audit log keeps pointing at them. Every change here is recorded.</source>
        <translation>谁可以登录、每个账号能做什么。账号只停用、不删除：操作日志始终指向它们。这里的每项修改都记入操作日志。</translation>
    </message>
    <message>
        <source>accounts, standards, calendar, settings, reopening reviews</source>
        <translation>账号、评查标准、工作日历、设置、重新打开评查</translation>
    </message>
    <message>
        <source>all kept sign-ins revoked</source>
        <translation>撤销全部保持登录凭据</translation>
    </message>
    <message>
        <source>campaigns, reconciliation, notices, statistics of own campaigns</source>
        <translation>评查活动、合议、整改通知、本人组织活动的统计</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改账号</translation>
    </message>
    <message>
        <source>created</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <source>created as the first administrator</source>
        <translation>创建为首个管理员</translation>
    </message>
    <message>
        <source>empty: set it later with “Reset password”</source>
        <translation>留空：以后用“重置密码”设置</translation>
    </message>
    <message>
        <source>kept sign-in issued</source>
        <translation>签发保持登录凭据</translation>
    </message>
    <message>
        <source>kept sign-in revoked</source>
        <translation>撤销保持登录凭据</translation>
    </message>
    <message>
        <source>only the re-checks assigned to them</source>
        <translation>仅分配给本人的复核</translation>
    </message>
    <message>
        <source>only the reviews assigned to them</source>
        <translation>仅分配给本人的评查</translation>
    </message>
    <message>
        <source>password change refused (wrong current password)</source>
        <translation>修改密码被拒（原密码错误）</translation>
    </message>
    <message>
        <source>password changed by its owner</source>
        <translation>本人修改密码</translation>
    </message>
    <message>
        <source>password reset by an administrator</source>
        <translation>管理员重置密码</translation>
    </message>
    <message>
        <source>practice cases only</source>
        <translation>仅做练习</translation>
    </message>
    <message>
        <source>sign-in refused</source>
        <translation>登录被拒</translation>
    </message>
    <message>
        <source>training library and practice sets</source>
        <translation>培训资料库和练习题</translation>
    </message>
    <message>
        <source>— no unit —</source>
        <translation>—（无单位）—</translation>
    </message>
</context>
<context>
    <name>AnswerCommand</name>
    <message>
        <source>Answer %1: %2</source>
        <translation>作答 %1：%2</translation>
    </message>
    <message>
        <source>Link page %2 to %1</source>
        <translation>为 %1 关联第 %2 页</translation>
    </message>
    <message>
        <source>Note on %1</source>
        <translation>%1 的说明</translation>
    </message>
    <message>
        <source>Unlink page %2 from %1</source>
        <translation>取消 %1 与第 %2 页的关联</translation>
    </message>
</context>
<context>
    <name>CalendarDialog</name>
    <message>
        <source>Add year arrangement…</source>
        <translation>添加年度安排…</translation>
    </message>
    <message>
        <source>Added by an administrator</source>
        <translation>管理员添加</translation>
    </message>
    <message>
        <source>Added the holiday arrangement of %1. The automatic checks now count with it.</source>
        <translation>已添加 %1 年的节假日安排，自动检查将按其计算。</translation>
    </message>
    <message>
        <source>Added years are kept in %1</source>
        <translation>添加的年度保存在 %1</translation>
    </message>
    <message>
        <source>Bundled</source>
        <translation>程序内置</translation>
    </message>
    <message>
        <source>Calendar year %1 added.</source>
        <translation>已添加 %1 年工作日历。</translation>
    </message>
    <message>
        <source>Choose a YAML file with the holidays and make-up working days of one or more years (same format as the bundled calendar); a year already present is replaced.</source>
        <translation>选择包含一个或多个年度放假日和调休上班日的 YAML 文件（格式与内置日历相同）；已有年度将被替换。</translation>
    </message>
    <message>
        <source>Choose a year arrangement file</source>
        <translation>选择年度节假日安排文件</translation>
    </message>
    <message>
        <source>Covered years: %1 (%2 years)</source>
        <translation>已收录年度：%1（共 %2 年）</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>期限届满日：%1</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>放假天数</translation>
    </message>
    <message>
        <source>Make-up working days</source>
        <translation>调休上班天数</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>起算日期</translation>
    </message>
    <message>
        <source>Statutory periods in working days (送达、公示、许可 …) are counted with the State Council's holiday arrangements, including make-up working days. A date in a year that is not listed is counted Monday to Friday and the check is marked “to be verified”.</source>
        <translation>以工作日计算的法定期限（送达、公示、许可等）按国务院公布的节假日安排计算，调休上班日计入。日期所在年度未收录时按周一至周五推算，相关检查标记为“结果待核实”。</translation>
    </message>
    <message>
        <source>The calendar holds no years.</source>
        <translation>日历中没有任何年度。</translation>
    </message>
    <message>
        <source>The start day is not counted; the end day is (民事诉讼法 第八十五条 counting).</source>
        <translation>起算日不计入，截止日计入（按民事诉讼法第八十五条的期间计算方法）。</translation>
    </message>
    <message>
        <source>Working-day &amp;calendar…</source>
        <translation>工作日历(&amp;C)…</translation>
    </message>
    <message>
        <source>Working-day calculator</source>
        <translation>工作日计算器</translation>
    </message>
    <message>
        <source>Working-day calendar</source>
        <translation>工作日历</translation>
    </message>
    <message>
        <source>YAML files (*.yaml *.yml)</source>
        <translation>YAML 文件 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>plus</source>
        <translation>加</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>working days</source>
        <translation>个工作日</translation>
    </message>
</context>
<context>
    <name>CampaignDialogs</name>
    <message>
        <source> (older)</source>
        <translation>（旧版）</translation>
    </message>
    <message>
        <source>%1 (%2 cases)</source>
        <translation>%1（%2 件）</translation>
    </message>
    <message>
        <source>A name is required</source>
        <translation>请填写名称</translation>
    </message>
    <message>
        <source>Agreed answer for %1</source>
        <translation>%1 的合议结论</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Blind re-check: the re-checker cannot see the first scores</source>
        <translation>盲评复核：复核人提交前看不到初评结论</translation>
    </message>
    <message>
        <source>Campaign lead</source>
        <translation>活动组长</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Case types (none = all)</source>
        <translation>案件类型（不选＝全部）</translation>
    </message>
    <message>
        <source>Cases in scope</source>
        <translation>范围内案件数</translation>
    </message>
    <message>
        <source>Decision date</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>抽取</translation>
    </message>
    <message>
        <source>Draw the sample — %1</source>
        <translation>随机抽样 — %1</translation>
    </message>
    <message>
        <source>Edit review campaign</source>
        <translation>修改评查活动</translation>
    </message>
    <message>
        <source>Finding wording</source>
        <translation>问题表述</translation>
    </message>
    <message>
        <source>First reviewer</source>
        <translation>初评人</translation>
    </message>
    <message>
        <source>Latest version (default)</source>
        <translation>最新版本（默认）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>New random seed</source>
        <translation>重新生成种子</translation>
    </message>
    <message>
        <source>New review campaign</source>
        <translation>新建评查活动</translation>
    </message>
    <message>
        <source>None (administrators manage it)</source>
        <translation>无（由管理员管理）</translation>
    </message>
    <message>
        <source>Number of cases per unit</source>
        <translation>每单位抽取件数</translation>
    </message>
    <message>
        <source>Occurrences</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Open re-check: the re-checker confirms or changes the first scores</source>
        <translation>公开复核：复核人逐项确认或修改初评结论</translation>
    </message>
    <message>
        <source>Organiser</source>
        <translation>组织单位</translation>
    </message>
    <message>
        <source>Per unit</source>
        <translation>每单位</translation>
    </message>
    <message>
        <source>Percentage of each unit's cases</source>
        <translation>每单位案件的百分比</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>活动期间</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Re-check</source>
        <translation>复核</translation>
    </message>
    <message>
        <source>Re-checker</source>
        <translation>复核人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Reassign %1</source>
        <translation>改派 %1</translation>
    </message>
    <message>
        <source>Replace the existing draw (only before assignment)</source>
        <translation>替换原抽样结果（仅限分配前）</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Standard for %1</source>
        <translation>%1标准</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Stratify by case type within each unit</source>
        <translation>在每个单位内按案件类型分层抽取</translation>
    </message>
    <message>
        <source>Strict conflict rule: two units never review each other</source>
        <translation>严格回避：两个单位之间不得互相评查</translation>
    </message>
    <message>
        <source>The seed and the rule are stored with the campaign and printed on the exported list, so anyone can re-run the draw and get the same files.</source>
        <translation>随机种子和抽样规则随活动保存，并打印在导出的抽样清单上，任何人都可以复验，得到相同的案卷。</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Units reviewed (none = all)</source>
        <translation>被评查单位（不选＝全部）</translation>
    </message>
    <message>
        <source>Why (kept in the log)</source>
        <translation>原因（记入日志）</translation>
    </message>
    <message>
        <source>by the item's rule</source>
        <translation>按评查项规则</translation>
    </message>
    <message>
        <source>once</source>
        <translation>一次</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>CampaignLabels</name>
    <message>
        <source>Awaiting first review</source>
        <translation>待初评</translation>
    </message>
    <message>
        <source>Awaiting re-check</source>
        <translation>待复核</translation>
    </message>
    <message>
        <source>Awaiting reconciliation</source>
        <translation>待合议</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Finalised</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <source>First review in progress</source>
        <translation>初评中</translation>
    </message>
    <message>
        <source>Not assigned</source>
        <translation>待分配</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>准备</translation>
    </message>
    <message>
        <source>Re-check in progress</source>
        <translation>复核中</translation>
    </message>
    <message>
        <source>Re-checker</source>
        <translation>复核人</translation>
    </message>
    <message>
        <source>Re-checking</source>
        <translation>复核中</translation>
    </message>
    <message>
        <source>Reconciliation in progress</source>
        <translation>合议中</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>评查人</translation>
    </message>
    <message>
        <source>Reviewing</source>
        <translation>评查中</translation>
    </message>
    <message>
        <source>Team lead</source>
        <translation>组长</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Trainer</source>
        <translation>培训师</translation>
    </message>
</context>
<context>
    <name>CampaignReconcile</name>
    <message>
        <source> → %1 points %2</source>
        <translation> → 合议 %1 分 %2</translation>
    </message>
    <message>
        <source>%1 (%2) — first review by %3: %4 points %5; re-check by %6: %7 points %8. %9 items differ, %10 still open. Reconciliation: %11</source>
        <translation>%1（%2）— 初评 %3：%4 分 %5；复核 %6：%7 分 %8。不一致 %9 项，尚未合议 %10 项。合议：%11</translation>
    </message>
    <message>
        <source>%1 cases scored twice, %2 item comparisons: agreement %3, Cohen's kappa %4 (%5). Total score difference: mean %6, max %7 points. Reconciled %8 cases; %9 with disagreements still open.</source>
        <translation>双人评查案卷 %1 件，比对评查项 %2 次：一致率 %3，一致性系数 %4（%5；扣除碰巧相同后的一致程度，1 为完全一致，0 与随机打分无异）。总分差：平均 %6 分，最大 %7 分。已合议定稿 %8 件；有分歧尚未定稿 %9 件。</translation>
    </message>
    <message>
        <source>Adopt first review</source>
        <translation>采用初评结论</translation>
    </message>
    <message>
        <source>Adopt re-check</source>
        <translation>采用复核结论</translation>
    </message>
    <message>
        <source>Agreed (reason)</source>
        <translation>合议结论（理由）</translation>
    </message>
    <message>
        <source>Agreed answer recorded.</source>
        <translation>已记录合议结论。</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>Agreement corrected for chance (Cohen's kappa): 1 = always the same answer, 0 = no better than answering at random.</source>
        <translation>一致性系数（Cohen's κ）：扣除碰巧相同后的一致程度，1 为每次答案都相同，0 与随机打分无异。</translation>
    </message>
    <message>
        <source>By reviewer pair</source>
        <translation>按评查人组合</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Compared</source>
        <translation>比对次数</translation>
    </message>
    <message>
        <source>Confirm agreement and finalise</source>
        <translation>确认一致并定稿</translation>
    </message>
    <message>
        <source>Disagreements</source>
        <translation>分歧</translation>
    </message>
    <message>
        <source>Final review submitted; its findings are in the deficiency register.</source>
        <translation>合议结果已提交，发现的问题已进入问题清单。</translation>
    </message>
    <message>
        <source>Finalise</source>
        <translation>合议定稿</translation>
    </message>
    <message>
        <source>First review</source>
        <translation>初评</translation>
    </message>
    <message>
        <source>First reviewer</source>
        <translation>初评人</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>评查项</translation>
    </message>
    <message>
        <source>Items with low agreement usually point to vague wording in the standard or to reviewers applying it differently: discuss them, and consider revising the standard.</source>
        <translation>一致性低的评查项往往说明标准表述含糊或评查尺度不统一：建议组织讨论，必要时修订标准。</translation>
    </message>
    <message>
        <source>Items with the lowest agreement</source>
        <translation>一致性最低的评查项</translation>
    </message>
    <message>
        <source>Kappa</source>
        <translation>一致性系数</translation>
    </message>
    <message>
        <source>Max score difference</source>
        <translation>最大分差</translation>
    </message>
    <message>
        <source>Mean score difference</source>
        <translation>平均分差</translation>
    </message>
    <message>
        <source>No case has both its first review and re-check submitted yet.</source>
        <translation>还没有同时完成初评和复核的案卷。</translation>
    </message>
    <message>
        <source>Other answer…</source>
        <translation>其他结论…</translation>
    </message>
    <message>
        <source>Re-check</source>
        <translation>复核</translation>
    </message>
    <message>
        <source>Re-checker</source>
        <translation>复核人</translation>
    </message>
    <message>
        <source>Reason for the agreed answer (required)</source>
        <translation>合议理由（必填）</translation>
    </message>
    <message>
        <source>Select an item in disagreement first.</source>
        <translation>请先选择一个不一致的评查项。</translation>
    </message>
    <message>
        <source>State</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>The first review and the re-check agree on every item.</source>
        <translation>初评与复核的各项结论完全一致。</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Write the reason for the agreed answer first.</source>
        <translation>请先填写合议理由。</translation>
    </message>
    <message>
        <source>finalised</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>合议中</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
</context>
<context>
    <name>CampaignsScreen</name>
    <message>
        <source> (removed)</source>
        <translation>（已移出）</translation>
    </message>
    <message>
        <source>%1 cases are not finalised yet. To close anyway, give the reason:</source>
        <translation>还有 %1 件案卷未定稿。如仍要结束活动，请填写理由：</translation>
    </message>
    <message>
        <source>%1 cases assigned.</source>
        <translation>已分配 %1 件。</translation>
    </message>
    <message>
        <source>%1 could not be assigned:</source>
        <translation>%1 件未能分配：</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 · status &lt;b&gt;%4&lt;/b&gt;&lt;br&gt;Scope: %5; %6. Period %7. Sample: %8, seed &lt;b&gt;%9&lt;/b&gt;. %10 cases, %11 assigned, %12 finalised. %13</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 · 状态 &lt;b&gt;%4&lt;/b&gt;&lt;br&gt;范围：%5；%6。活动期间 %7。抽样：%8，随机种子 &lt;b&gt;%9&lt;/b&gt;。案件 %10 件，已分配 %11 件，已定稿 %12 件。%13</translation>
    </message>
    <message>
        <source>Add case</source>
        <translation>添加案件</translation>
    </message>
    <message>
        <source>Add case…</source>
        <translation>添加案件…</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>Assign automatically</source>
        <translation>自动分配</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>Assigned %1 · scored %2 · re-checked %3 · reconciled %4 (%5) · not yet assigned %6</source>
        <translation>已分配 %1 · 已初评 %2 · 已复核 %3 · 已定稿 %4（%5）· 未分配 %6</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>人员分配</translation>
    </message>
    <message>
        <source>Behind</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>By reviewer (who is behind comes first)</source>
        <translation>按人员（进度落后的排在前面）</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>评查活动</translation>
    </message>
    <message>
        <source>Campaign lead: %1.</source>
        <translation>活动组长：%1。</translation>
    </message>
    <message>
        <source>Campaign “%1” saved.</source>
        <translation>评查活动“%1”已保存。</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Case number:</source>
        <translation>案号：</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Cases and sample</source>
        <translation>案件与抽样</translation>
    </message>
    <message>
        <source>Close campaign</source>
        <translation>结束活动</translation>
    </message>
    <message>
        <source>Close campaign “%1”?</source>
        <translation>结束评查活动“%1”？</translation>
    </message>
    <message>
        <source>Decision date</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成率</translation>
    </message>
    <message>
        <source>Draw order</source>
        <translation>抽取顺序</translation>
    </message>
    <message>
        <source>Draw sample…</source>
        <translation>随机抽样…</translation>
    </message>
    <message>
        <source>Drew %1 of %2 cases in scope with seed %3. The seed is stored with the campaign.</source>
        <translation>从范围内 %2 件中抽取了 %1 件，随机种子 %3（已随活动保存）。</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export list…</source>
        <translation>导出抽样清单…</translation>
    </message>
    <message>
        <source>Export the drawn list</source>
        <translation>导出抽样清单</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Finalised</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <source>First reviewer</source>
        <translation>初评人</translation>
    </message>
    <message>
        <source>First reviews done</source>
        <translation>初评（完成/分配）</translation>
    </message>
    <message>
        <source>New campaign…</source>
        <translation>新建活动…</translation>
    </message>
    <message>
        <source>No review campaign yet. Create one with “New campaign…”.</source>
        <translation>还没有评查活动。请点击“新建活动…”。</translation>
    </message>
    <message>
        <source>Nobody reviews a case of their own unit; first reviewer and re-checker are different people.</source>
        <translation>交叉评查：不评查本单位案件；初评人与复核人不为同一人。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Open case at my stage</source>
        <translation>打开评查（我的阶段）</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Re-checked</source>
        <translation>已复核</translation>
    </message>
    <message>
        <source>Re-checker</source>
        <translation>复核人</translation>
    </message>
    <message>
        <source>Re-checks done</source>
        <translation>复核（完成/分配）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Reason for adding it by hand (kept in the log):</source>
        <translation>手工添加的理由（记入日志）：</translation>
    </message>
    <message>
        <source>Reason for removing %1 (kept in the log):</source>
        <translation>移出 %1 的理由（记入日志）：</translation>
    </message>
    <message>
        <source>Reassign…</source>
        <translation>改派…</translation>
    </message>
    <message>
        <source>Reconciled</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>合议</translation>
    </message>
    <message>
        <source>Remove case</source>
        <translation>移出案件</translation>
    </message>
    <message>
        <source>Remove case…</source>
        <translation>移出案件…</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Scored</source>
        <translation>已初评</translation>
    </message>
    <message>
        <source>Select a case in the assignment table first.</source>
        <translation>请先在分配表中选择一件案件。</translation>
    </message>
    <message>
        <source>Select a case in the list first.</source>
        <translation>请先在列表中选择一件案件。</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>State</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Strict conflict rule on.</source>
        <translation>已开启严格回避。</translation>
    </message>
    <message>
        <source>The review workspace is not available in this build.</source>
        <translation>本版本没有评查工作区。</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Unit reviewed</source>
        <translation>被评查单位</translation>
    </message>
    <message>
        <source>Verify draw</source>
        <translation>复验抽样</translation>
    </message>
    <message>
        <source>Writing the drawn list…</source>
        <translation>正在生成抽取名单…</translation>
    </message>
    <message>
        <source>all case types</source>
        <translation>全部案件类型</translation>
    </message>
    <message>
        <source>all units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <source>blind re-check</source>
        <translation>盲评复核</translation>
    </message>
    <message>
        <source>drawn list</source>
        <translation>抽样清单</translation>
    </message>
    <message>
        <source>none (administrators manage it)</source>
        <translation>无（由管理员管理）</translation>
    </message>
    <message>
        <source>open re-check</source>
        <translation>公开复核</translation>
    </message>
</context>
<context>
    <name>CaseFacts</name>
    <message>
        <source>%1 p.</source>
        <translation>%1 页</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
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
        <source>Edit…</source>
        <translation>编辑…</translation>
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
        <source>Registry</source>
        <translation>登记信息</translation>
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
    <message>
        <source>approver</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>case handler</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>certificate no. %1</source>
        <translation>证号 %1</translation>
    </message>
    <message>
        <source>hearing host</source>
        <translation>听证主持人</translation>
    </message>
    <message>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>legal review</source>
        <translation>法制审核</translation>
    </message>
    <message>
        <source>reviewing officer</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>valid %1 to %2</source>
        <translation>有效期 %1 至 %2</translation>
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
        <source>No case matches the search and filters. Try other words, or press “Clear filters”.</source>
        <translation>没有符合搜索和筛选条件的案件。请换个关键词，或点“清除筛选”。</translation>
    </message>
    <message>
        <source>No cases in this database yet. Import the case registry with File → Import case registry…, then the case files with File → Import case documents….</source>
        <translation>数据库中还没有案件。请先用“文件 → 导入案件登记表…”导入案件，再用“文件 → 导入案卷文书…”导入案卷材料。</translation>
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
        <translation>罚款（元）</translation>
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
        <source>Provisional score of the items answered so far; graded once the review is complete.</source>
        <translation>暂计：按已作答项计算的分数；评查完成后才评定等次。</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>评查状态</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>prov. %1</source>
        <translation>暂计 %1</translation>
    </message>
</context>
<context>
    <name>ChangeFeed</name>
    <message>
        <source>The database server cannot be reached. Answers you make now are kept on this PC and saved when it is back.</source>
        <translation>无法连接数据库服务器。现在作出的结论会暂存在本机，服务器恢复后自动保存。</translation>
    </message>
    <message>
        <source>The database server is reachable again.</source>
        <translation>数据库服务器已恢复连接。</translation>
    </message>
    <message>
        <source>● Server unreachable</source>
        <translation>● 服务器无法连接</translation>
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
        <source>%1 ✱</source>
        <translation>%1 ✱</translation>
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
        <source>Not saved yet: the server could not be reached. This change is kept on this PC and saved when the server is back.</source>
        <translation>尚未保存：无法连接服务器。这项修改已暂存在本机，服务器恢复后自动保存。</translation>
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
    <name>ChecksPanel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>A reason is required to dismiss a proposed deduction.</source>
        <translation>驳回建议扣分必须填写理由。</translation>
    </message>
    <message>
        <source>Accepted proposal undone.</source>
        <translation>已撤销采纳。</translation>
    </message>
    <message>
        <source>All recorded changes of this review, check decisions included (Ctrl+H)</source>
        <translation>本评查的全部操作记录，含对自动检查建议的处理（Ctrl+H）</translation>
    </message>
    <message>
        <source>Automatic checks</source>
        <translation>自动检查</translation>
    </message>
    <message>
        <source>Case reloaded and checked again.</source>
        <translation>已重新读取案件数据并完成自动检查。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Checks could not run</source>
        <translation>自动检查未能运行</translation>
    </message>
    <message>
        <source>Dismiss proposed deduction</source>
        <translation>驳回建议扣分</translation>
    </message>
    <message>
        <source>Dismissal undone.</source>
        <translation>已撤销驳回。</translation>
    </message>
    <message>
        <source>History</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>Insufficient data</source>
        <translation>数据不足</translation>
    </message>
    <message>
        <source>Legal basis: %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>No proposed deduction awaits a decision on this item.</source>
        <translation>本评查项没有待处理的建议扣分。</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Not met</source>
        <translation>不符合</translation>
    </message>
    <message>
        <source>Proposed deduction accepted.</source>
        <translation>已采纳建议扣分。</translation>
    </message>
    <message>
        <source>Proposed deduction dismissed.</source>
        <translation>已驳回建议扣分。</translation>
    </message>
    <message>
        <source>Re-check</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Re-check case</source>
        <translation>重新检查案件</translation>
    </message>
    <message>
        <source>Reload the case data and run the checks again (F5)</source>
        <translation>重新读取案件数据并再次检查（F5）</translation>
    </message>
    <message>
        <source>Review history</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>Select a check to see its working and legal basis; failed checks are proposed as deductions on their items (⚑).</source>
        <translation>点选一条检查可查看计算过程和法律依据；不符合的检查作为建议扣分显示在对应评查项上（⚑）。</translation>
    </message>
    <message>
        <source>Show or hide the list of checks</source>
        <translation>展开或收起检查列表</translation>
    </message>
    <message>
        <source>This deduction came from the automatic check “%1”, which no longer finds the problem in the current case data. Please review it.</source>
        <translation>此项扣分来自自动检查“%1”，按当前案件数据该检查已不再提示问题（数据已变更），请复核。</translation>
    </message>
    <message>
        <source>To be verified: %1</source>
        <translation>结果待核实：%1</translation>
    </message>
    <message>
        <source>Why does “%1” not apply to item %2? (kept in the review's history)</source>
        <translation>请说明“%1”为何不适用于评查项 %2（理由记入操作记录）：</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已采纳</translation>
    </message>
    <message>
        <source>data changed</source>
        <translation>数据已变更</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>major</source>
        <translation>重要</translation>
    </message>
    <message>
        <source>minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>policy requirement</source>
        <translation>政策性要求（未核实）</translation>
    </message>
    <message>
        <source>proposed</source>
        <translation>建议扣分</translation>
    </message>
    <message>
        <source>severity: %1</source>
        <translation>严重程度：%1</translation>
    </message>
    <message>
        <source>the calendar does not cover the year</source>
        <translation>工作日历未收录该年度</translation>
    </message>
    <message>
        <source>veto</source>
        <translation>否决</translation>
    </message>
    <message>
        <source>⚑ %1 to decide</source>
        <translation>⚑ %1 项待处理</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <source>  </source>
        <translation>　</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>DbWorker</name>
    <message>
        <source>No database is open yet. Choose one with File → Open database…</source>
        <translation>尚未打开数据库。请通过“文件 → 打开数据库…”选择数据库文件。</translation>
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
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
    <message>
        <source>No program on this computer opens %1.</source>
        <translation>本机没有能打开 %1 的程序。</translation>
    </message>
    <message>
        <source>Open containing folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>DocFacts</name>
    <message>
        <source>%1 as the page shows it %2:</source>
        <translation>%1（按页面实际所载填写%2）：</translation>
    </message>
    <message>
        <source>%1 confirmed.</source>
        <translation>已确认%1。</translation>
    </message>
    <message>
        <source>%1 pages read, %2 waiting; %3 facts differ from the registry.</source>
        <translation>已读取 %1 页，待读取 %2 页；%3 项与登记信息不一致。</translation>
    </message>
    <message>
        <source>%1 taken into the case.</source>
        <translation>已将%1采用到案件登记信息。</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Correct a fact</source>
        <translation>更正文书所载事项</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Facts from the documents are not shown for practice cases.</source>
        <translation>练习案件不显示文书所载事项。</translation>
    </message>
    <message>
        <source>From the documents</source>
        <translation>文书所载</translation>
    </message>
    <message>
        <source>In the documents</source>
        <translation>文书所载</translation>
    </message>
    <message>
        <source>Into the case</source>
        <translation>采用到登记</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Line: %1</source>
        <translation>原文：%1</translation>
    </message>
    <message>
        <source>No page of this case is read yet (%1 waiting).</source>
        <translation>本案页面尚未读取（待读取 %1 页）。</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <source>Read: %1 on %2, confidence %3</source>
        <translation>识别：%1，见%2，置信度 %3</translation>
    </message>
    <message>
        <source>Reading the facts from the documents…</source>
        <translation>正在读取文书所载事项…</translation>
    </message>
    <message>
        <source>Registry: %1</source>
        <translation>登记：%1</translation>
    </message>
    <message>
        <source>Take the document's value into the case's registry data (Ctrl+Return)</source>
        <translation>将文书所载值采用到案件登记信息（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>The checks use: %1</source>
        <translation>检查所用：%1</translation>
    </message>
    <message>
        <source>The value is read right (Ctrl+K)</source>
        <translation>识别无误，确认该值（Ctrl+K）</translation>
    </message>
    <message>
        <source>Type the value the page really shows (Ctrl+E)</source>
        <translation>按页面实际所载更正识别结果（Ctrl+E）</translation>
    </message>
    <message>
        <source>agrees</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>confirmed by %1</source>
        <translation>%1 已确认</translation>
    </message>
    <message>
        <source>corrected</source>
        <translation>已更正</translation>
    </message>
    <message>
        <source>corrected by %1 (read as %2)</source>
        <translation>%1 已更正（识别为 %2）</translation>
    </message>
    <message>
        <source>dates as 2024-02-08, amounts as 500</source>
        <translation>，日期如 2024-02-08，金额如 500</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>no registry value</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>not in documents</source>
        <translation>文书未载</translation>
    </message>
</context>
<context>
    <name>DocSearch</name>
    <message>
        <source>%1 pages found.</source>
        <translation>找到 %1 页。</translation>
    </message>
    <message>
        <source>%1, page %2 (%3)</source>
        <translation>%1 第 %2 页（%3）</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>所在行</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>没有找到。</translation>
    </message>
    <message>
        <source>OCR</source>
        <translation>文字识别</translation>
    </message>
    <message>
        <source>Only pages already read (text layer or OCR) are searched.</source>
        <translation>只检索已读取（文字层或文字识别）的页面。</translation>
    </message>
    <message>
        <source>Only this case</source>
        <translation>仅本案</translation>
    </message>
    <message>
        <source>Open page</source>
        <translation>打开该页</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>检索</translation>
    </message>
    <message>
        <source>Search the case files</source>
        <translation>案卷全文检索</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在检索……</translation>
    </message>
    <message>
        <source>Words to find (two characters or more), e.g. 送达</source>
        <translation>检索词（至少两个字），如 送达</translation>
    </message>
    <message>
        <source>text layer</source>
        <translation>文字层</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <source> %1 pages are not read yet.</source>
        <translation> 尚有 %1 页未读取。</translation>
    </message>
    <message>
        <source>Correct document type</source>
        <translation>更正文书类型</translation>
    </message>
    <message>
        <source>Correct document type…</source>
        <translation>更正文书类型…</translation>
    </message>
    <message>
        <source>Divided into %1 documents.</source>
        <translation>已拆分为 %1 个文书。</translation>
    </message>
    <message>
        <source>Document type set to %1.</source>
        <translation>文书类型已更正为“%1”。</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>文书：</translation>
    </message>
    <message>
        <source>Proposed from the titles read on the pages; check and correct before confirming (corrected pages teach the classifier).</source>
        <translation>按各页标题识别提出的拆分，请核对、更正后确认（更正的页面将作为今后识别的样例）。</translation>
    </message>
    <message>
        <source>Split by page ranges</source>
        <translation>按页码拆分</translation>
    </message>
    <message>
        <source>Split by page ranges…</source>
        <translation>按页码拆分…</translation>
    </message>
    <message>
        <source>Type the page ranges.</source>
        <translation>请填写页码范围。</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>pages not named (kept as 其他): %1</source>
        <translation>未指定的页（作为“其他”保留）：%1</translation>
    </message>
    <message>
        <source>“%1” has %2 pages. Name each part, e.g. “1-2 立案登记表; 3-6 询问笔录; 7 违法行为通知书”. The PDF itself is not changed.</source>
        <translation>“%1”共 %2 页。请写出每部分的页码和文书名称，例如“1-2 立案登记表; 3-6 询问笔录; 7 违法行为通知书”。PDF 文件本身不会被改动。</translation>
    </message>
</context>
<context>
    <name>DocumentImportDialog</name>
    <message>
        <source>A case folder sent as a .zip: unpacked safely, the files inside imported</source>
        <translation>以 .zip 发来的案卷文件夹：安全解压后导入其中的文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>CSV (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消……</translation>
    </message>
    <message>
        <source>Checking file %1: %2</source>
        <translation>正在检查第 %1 个文件：%2</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Copying %1 of %2: %3</source>
        <translation>正在复制 %1/%2：%3</translation>
    </message>
    <message>
        <source>Files are copied into the document store; the originals are never changed.</source>
        <translation>文件将复制到文档库中，原文件不会被改动。</translation>
    </message>
    <message>
        <source>Folder of case documents</source>
        <translation>案卷文书所在文件夹</translation>
    </message>
    <message>
        <source>Folder with one sub-folder per case, or files named with the case number</source>
        <translation>每案一个子文件夹（名称含案号），或文件名含案号的文件所在文件夹</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import case documents</source>
        <translation>导入案卷文书</translation>
    </message>
    <message>
        <source>Imported:</source>
        <translation>已导入：</translation>
    </message>
    <message>
        <source>Largest file:</source>
        <translation>单个文件上限：</translation>
    </message>
    <message>
        <source>Mapping file</source>
        <translation>对应文件</translation>
    </message>
    <message>
        <source>Mapping file:</source>
        <translation>对应文件：</translation>
    </message>
    <message>
        <source>Optional: CSV with lines “file path, case number”</source>
        <translation>可选：每行“文件路径,案号”的 CSV 文件</translation>
    </message>
    <message>
        <source>Scanning the folder…</source>
        <translation>正在扫描文件夹……</translation>
    </message>
    <message>
        <source>The import failed.</source>
        <translation>导入失败。</translation>
    </message>
    <message>
        <source>Zip (*.zip);;All files (*)</source>
        <translation>压缩包 (*.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Zip file of case documents</source>
        <translation>案卷文书压缩包</translation>
    </message>
    <message>
        <source>Zip file…</source>
        <translation>压缩包…</translation>
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
    <name>EditConflict</name>
    <message>
        <source> (%1 times)</source>
        <translation>（%1 处）</translation>
    </message>
    <message>
        <source>%1 %2 points</source>
        <translation>%1 %2 分</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <source>; %1 linked pages</source>
        <translation>；关联 %1 页</translation>
    </message>
    <message>
        <source>; note “%1”</source>
        <translation>；说明“%1”</translation>
    </message>
    <message>
        <source>Keep my change</source>
        <translation>保留我的修改</translation>
    </message>
    <message>
        <source>Load their version</source>
        <translation>载入对方的版本</translation>
    </message>
    <message>
        <source>Load their version (your change is dropped), or keep your change (it is saved on top of their version)?</source>
        <translation>载入对方的版本（放弃您的这次修改），还是保留您的修改（在对方版本的基础上保存）？</translation>
    </message>
    <message>
        <source>The review is now “%1”.</source>
        <translation>该评查现在的状态是“%1”。</translation>
    </message>
    <message>
        <source>Their change did not alter any answer you see (for example a page link or the status).</source>
        <translation>对方的修改没有改变您看到的结论（例如关联页面或状态）。</translation>
    </message>
    <message>
        <source>Their change:</source>
        <translation>对方的修改：</translation>
    </message>
    <message>
        <source>This review was changed by %1 at %2 after you opened it. Your change was NOT saved and nothing of theirs was overwritten.</source>
        <translation>在您打开之后，该评查已被 %1 于 %2 修改。您的修改尚未保存，对方的修改也没有被覆盖。</translation>
    </message>
    <message>
        <source>Your unsaved change: %1</source>
        <translation>您未保存的修改：%1</translation>
    </message>
    <message>
        <source>another user</source>
        <translation>其他用户</translation>
    </message>
    <message>
        <source>unanswered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <source>… and %1 more items</source>
        <translation>……另有 %1 项</translation>
    </message>
</context>
<context>
    <name>ExportJob</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>%1 columns will be imported.</source>
        <translation>将导入 %1 列。</translation>
    </message>
    <message>
        <source>%1 rows processed…</source>
        <translation>已处理 %1 行……</translation>
    </message>
    <message>
        <source>%1 rows read: %2 new, %3 updated, %4 unchanged, %5 existing skipped, %6 with problems.</source>
        <translation>读取 %1 行：新增 %2 件，更新 %3 件，未变化 %4 件，跳过已有 %5 件，有问题 %6 行。</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>(recognise the headers automatically)</source>
        <translation>（自动识别表头）</translation>
    </message>
    <message>
        <source>An Excel (.xlsx, .xls) or CSV case list exported from the enforcement platform.</source>
        <translation>从执法平台导出的 Excel（.xlsx、.xls）或 CSV 案件清单。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Cancelling… nothing will be saved.</source>
        <translation>正在取消……不会保存任何内容。</translation>
    </message>
    <message>
        <source>Case field</source>
        <translation>案件字段</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Check that the header row was found; the first rows of data are shown below.</source>
        <translation>请确认表头行识别正确；下面列出前几行数据。</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在逐行检查……</translation>
    </message>
    <message>
        <source>Choose the registry file</source>
        <translation>选择案件登记表</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <source>Confirm the columns</source>
        <translation>确认列的对应关系</translation>
    </message>
    <message>
        <source>Each column of the file and the case field it fills. Choose “(not imported)” to ignore a column.</source>
        <translation>文件的每一列及其对应的案件字段。选“（不导入）”可忽略该列。</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Existing cases:</source>
        <translation>已有案件：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>第一行的值</translation>
    </message>
    <message>
        <source>Fix the rows below, or choose to import only the valid rows.</source>
        <translation>请修改下列行，或选择只导入有效行。</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>表头</translation>
    </message>
    <message>
        <source>Header found in row %1; about %2 data rows.</source>
        <translation>表头在第 %1 行；约 %2 行数据。</translation>
    </message>
    <message>
        <source>Header row:</source>
        <translation>表头行：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import case registry</source>
        <translation>导入案件登记表</translation>
    </message>
    <message>
        <source>Import only if every row is valid (all or nothing)</source>
        <translation>全部有效才导入（全部或全不）</translation>
    </message>
    <message>
        <source>Import the valid rows; write the others to a workbook with the reasons</source>
        <translation>只导入有效行，其余行连同原因写入工作簿</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入……</translation>
    </message>
    <message>
        <source>Invalid rows:</source>
        <translation>有问题的行：</translation>
    </message>
    <message>
        <source>Mapping “%1” saved.</source>
        <translation>映射方案“%1”已保存。</translation>
    </message>
    <message>
        <source>Name of this mapping, e.g. the platform's name</source>
        <translation>映射方案名称，如平台名称</translation>
    </message>
    <message>
        <source>No column for: %1 — choose it on the next page or correct the header row.</source>
        <translation>找不到以下字段的列：%1——请在下一页指定，或更正表头行。</translation>
    </message>
    <message>
        <source>Path of the registry file</source>
        <translation>登记表文件路径</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件……</translation>
    </message>
    <message>
        <source>Registry (*.xlsx *.xls *.csv);;All files (*)</source>
        <translation>登记表 (*.xlsx *.xls *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Required field without a column: %1</source>
        <translation>必需字段没有对应的列：%1</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>保存映射方案</translation>
    </message>
    <message>
        <source>Saved mapping:</source>
        <translation>已保存的映射方案：</translation>
    </message>
    <message>
        <source>Several columns fill: %1 (only the first is used)</source>
        <translation>多列对应同一字段：%1（只使用第一列）</translation>
    </message>
    <message>
        <source>Sheet and header row</source>
        <translation>工作表和表头行</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Show again</source>
        <translation>重新显示</translation>
    </message>
    <message>
        <source>Skip cases already stored</source>
        <translation>跳过已有案件</translation>
    </message>
    <message>
        <source>Text encoding: %1.</source>
        <translation>文字编码：%1。</translation>
    </message>
    <message>
        <source>The import failed; nothing was saved.</source>
        <translation>导入失败，未保存任何内容。</translation>
    </message>
    <message>
        <source>Title rows above the header, merged header cells, GBK-encoded CSV files and Excel date numbers are recognised.</source>
        <translation>可识别表头上方的标题行、合并的表头单元格、GBK 编码的 CSV 文件和 Excel 日期序列号。</translation>
    </message>
    <message>
        <source>Type a name for the mapping first.</source>
        <translation>请先填写映射方案名称。</translation>
    </message>
    <message>
        <source>Update cases already stored (changes listed)</source>
        <translation>更新已有案件（列出字段变化）</translation>
    </message>
    <message>
        <source>Validation report</source>
        <translation>校验报告</translation>
    </message>
    <message>
        <source>What the import would do, row by row. Nothing has been saved yet.</source>
        <translation>逐行列出导入将做的事。尚未保存任何内容。</translation>
    </message>
    <message>
        <source>Workbook for the rows not imported</source>
        <translation>未导入行的工作簿</translation>
    </message>
    <message>
        <source>Workbook for the rows not imported (.xlsx)</source>
        <translation>未导入行的工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>_not imported</source>
        <translation>_未导入</translation>
    </message>
    <message>
        <source>one row</source>
        <translation>一行</translation>
    </message>
    <message>
        <source>two rows (group headers)</source>
        <translation>两行（分组表头）</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>%1 must be between %2; “%3” was not saved.</source>
        <translation>%1 应在 %2 之间；“%3”未保存。</translation>
    </message>
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
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
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
        <source>Import case documents…</source>
        <translation>导入案卷文书…</translation>
    </message>
    <message>
        <source>Import case registry…</source>
        <translation>导入案件登记表…</translation>
    </message>
    <message>
        <source>Interface &amp;language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <source>Open a CaseReview database</source>
        <translation>打开案卷评查数据库</translation>
    </message>
    <message>
        <source>The interface language changes the next time CaseReview starts.</source>
        <translation>界面语言将在下次启动 CaseReview 时生效。</translation>
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
    <name>MaintenanceDialog</name>
    <message>
        <source>&amp;Thresholds and database check…</source>
        <translation>阈值表与数据库检查(&amp;T)…</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>数额</translation>
    </message>
    <message>
        <source>Amount in yuan</source>
        <translation>数额（元）</translation>
    </message>
    <message>
        <source>Any party</source>
        <translation>不区分</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Check failed: %1</source>
        <translation>检查未通过：%1</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查……</translation>
    </message>
    <message>
        <source>Checks the open database file for damage without changing it. The quick check takes seconds; the full check also compares every index with its table and is slower.</source>
        <translation>检查当前数据库文件是否损坏，不修改文件。快速检查只需几秒；完整检查还会核对每个索引与数据表，较慢。</translation>
    </message>
    <message>
        <source>Database check</source>
        <translation>数据库检查</translation>
    </message>
    <message>
        <source>Delete selected entry</source>
        <translation>删除所选条目</translation>
    </message>
    <message>
        <source>Delete the entry %1 (%2, from %3) of %4? The checks then use the program's own entry, if there is one.</source>
        <translation>删除《%4》中 %1 的条目（%2，%3 起）？删除后自动检查改用程序自带的条目（如有）。</translation>
    </message>
    <message>
        <source>Delete threshold entry</source>
        <translation>删除阈值条目</translation>
    </message>
    <message>
        <source>Deleted %1 from %2; the automatic checks no longer use it.</source>
        <translation>已从 %2 删除 %1 的条目；自动检查不再使用它。</translation>
    </message>
    <message>
        <source>Document name and number, so others can verify</source>
        <translation>文件名称和文号，以便他人核对</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>执法领域</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Full check</source>
        <translation>完整检查</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>自然人</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>未删除：%1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Only entries set by users can be deleted; the program's own entries stay.</source>
        <translation>只能删除用户设置的条目；程序自带的条目保留。</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>法人或其他组织</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Party type</source>
        <translation>当事人类型</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>生效期间</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <source>Province short name, * for the whole country</source>
        <translation>省份简称，如 广东；* 表示全国</translation>
    </message>
    <message>
        <source>Quick check</source>
        <translation>快速检查</translation>
    </message>
    <message>
        <source>Save entry</source>
        <translation>保存条目</translation>
    </message>
    <message>
        <source>Saved to %1; the automatic checks use it from now on.</source>
        <translation>已保存到 %1；之后的自动检查按此标准判断。</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>阈值表</translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation>阈值表</translation>
    </message>
    <message>
        <source>Thresholds and database check</source>
        <translation>阈值表与数据库检查</translation>
    </message>
    <message>
        <source>exceeding (&gt;)</source>
        <translation>超过（&gt;）</translation>
    </message>
    <message>
        <source>reaching (&gt;=)</source>
        <translation>达到（&gt;=）</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>评查活动</translation>
    </message>
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
    <name>OcrRunner</name>
    <message>
        <source>Reading pages in the background: %1 / %2</source>
        <translation>正在后台读取页面：%1 / %2</translation>
    </message>
    <message>
        <source>Text recognition stopped: %1</source>
        <translation>文字识别已停止：%1</translation>
    </message>
</context>
<context>
    <name>OfficersDialog</name>
    <message>
        <source>+ Add an officer</source>
        <translation>＋ 添加执法人员</translation>
    </message>
    <message>
        <source>Certificate no.</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <source>Enter what the certificate copy in the case file shows. A correction holds for the officer's other cases of the same unit too.</source>
        <translation>按案卷中的执法证件复印件录入。更正对该执法人员在本单位的其他案件同样有效。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Officers of %1</source>
        <translation>%1 的执法人员</translation>
    </message>
    <message>
        <source>Remove from this case</source>
        <translation>从本案移除</translation>
    </message>
    <message>
        <source>Removed %1 from this case.</source>
        <translation>已从本案移除 %1。</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>有效期起</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, blank if not shown</source>
        <translation>YYYY-MM-DD；案卷中没有则留空</translation>
    </message>
    <message>
        <source>approver</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>case handler</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>hearing host</source>
        <translation>听证主持人</translation>
    </message>
    <message>
        <source>legal review</source>
        <translation>法制审核</translation>
    </message>
    <message>
        <source>recorder</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>valid %1 to %2</source>
        <translation>有效期 %1 至 %2</translation>
    </message>
</context>
<context>
    <name>PageText</name>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>OCR</source>
        <translation>文字识别</translation>
    </message>
    <message>
        <source>Open a page to see its text here.</source>
        <translation>打开文书页面后，此处显示该页文字，可选择复制。</translation>
    </message>
    <message>
        <source>Page %1 (%2%3)</source>
        <translation>第 %1 页（%2%3）</translation>
    </message>
    <message>
        <source>Page text</source>
        <translation>本页文字</translation>
    </message>
    <message>
        <source>Page text is not shown for practice cases.</source>
        <translation>练习案件不显示页面文字。</translation>
    </message>
    <message>
        <source>This page is not read yet (it is read in the background).</source>
        <translation>本页尚未读取（正在后台读取）。</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>text layer</source>
        <translation>文字层</translation>
    </message>
</context>
<context>
    <name>ProposalBox</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>采纳</translation>
    </message>
    <message>
        <source>Accept check %1</source>
        <translation>采纳自动检查建议 %1</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已采纳</translation>
    </message>
    <message>
        <source>Awaiting your decision</source>
        <translation>待评查人员确认</translation>
    </message>
    <message>
        <source>Data changed since the decision — please confirm again.</source>
        <translation>处理后案件数据已变更，请重新确认。</translation>
    </message>
    <message>
        <source>Dismiss check %1</source>
        <translation>驳回自动检查建议 %1</translation>
    </message>
    <message>
        <source>Dismiss the proposal; a reason is required and kept in the history</source>
        <translation>驳回此建议；须填写理由，理由记入操作记录</translation>
    </message>
    <message>
        <source>Dismissed: %1</source>
        <translation>已驳回：%1</translation>
    </message>
    <message>
        <source>Dismiss…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <source>Legal basis: %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <source>Save the deduction on this item with the explanation as its note (undo with Ctrl+Z)</source>
        <translation>在本项保存扣分，并以检查说明作为扣分说明（可用 Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <source>To be verified: %1</source>
        <translation>结果待核实：%1</translation>
    </message>
    <message>
        <source>the calendar does not cover the year</source>
        <translation>工作日历未收录该年度</translation>
    </message>
    <message>
        <source>⚑ Automatic check proposes a deduction</source>
        <translation>⚑ 自动检查建议扣分</translation>
    </message>
    <message>
        <source>⚑ Automatic check proposes a veto</source>
        <translation>⚑ 自动检查建议否决</translation>
    </message>
</context>
<context>
    <name>RectificationDialogs</name>
    <message>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <source>%1 notices are overdue (%2 findings); %3 are due within a few working days (%4 findings).</source>
        <translation>%1 份整改通知书已超期（%2 项问题）；%3 份将在几个工作日内到期（%4 项问题）。</translation>
    </message>
    <message>
        <source>%1 working days after the issue date</source>
        <translation>下发之日起 %1 个工作日</translation>
    </message>
    <message>
        <source>%1: %2 findings</source>
        <translation>%1：%2 项问题</translation>
    </message>
    <message>
        <source>A reason is required to send the rectification back.</source>
        <translation>退回整改必须写明理由。</translation>
    </message>
    <message>
        <source>Accept: rectified</source>
        <translation>通过：已整改到位</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Add a supporting file</source>
        <translation>添加佐证材料</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Agency code</source>
        <translation>机关代字</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>佐证材料</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Copies to</source>
        <translation>抄送机关</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Evidence pages</source>
        <translation>证据页码</translation>
    </message>
    <message>
        <source>Feedback on %1</source>
        <translation>%1 的整改反馈</translation>
    </message>
    <message>
        <source>Findings answered</source>
        <translation>反馈涉及的问题</translation>
    </message>
    <message>
        <source>Findings listed (%1)</source>
        <translation>列入的问题（%1 项）</translation>
    </message>
    <message>
        <source>Issue date</source>
        <translation>下发日期</translation>
    </message>
    <message>
        <source>Issue notice</source>
        <translation>下发通知书</translation>
    </message>
    <message>
        <source>Issue notices to every unit</source>
        <translation>向各单位批量下发整改通知书</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>发文单位</translation>
    </message>
    <message>
        <source>Issuing office</source>
        <translation>发文机关设置</translation>
    </message>
    <message>
        <source>Issuing office (letterhead, signature, note and distribution)</source>
        <translation>发文机关（版头、落款、附注、版记）</translation>
    </message>
    <message>
        <source>Latest feedback</source>
        <translation>最近一次整改反馈</translation>
    </message>
    <message>
        <source>Leave room for the seal over the signature and date</source>
        <translation>在署名和成文日期处留出印章位置</translation>
    </message>
    <message>
        <source>Measures</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <source>Measures taken by the unit, item by item</source>
        <translation>单位逐项采取的整改措施</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>整改通知书</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Number pattern</source>
        <translation>文号格式</translation>
    </message>
    <message>
        <source>Office name</source>
        <translation>发文机关名称</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>承办人员</translation>
    </message>
    <message>
        <source>One notice will be issued to each of these units:
%1</source>
        <translation>将向以下单位各下发一份整改通知书：
%1</translation>
    </message>
    <message>
        <source>Open rectification</source>
        <translation>打开问题整改</translation>
    </message>
    <message>
        <source>Original finding</source>
        <translation>原问题表述</translation>
    </message>
    <message>
        <source>Please describe the measures taken.</source>
        <translation>请填写整改措施。</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <source>Preview (first page)</source>
        <translation>预览（第一页）</translation>
    </message>
    <message>
        <source>Re-categorise %1 findings</source>
        <translation>调整 %1 项问题的分类</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <source>Rectification deadlines</source>
        <translation>整改期限提醒</translation>
    </message>
    <message>
        <source>Rectification defaults</source>
        <translation>整改默认设置</translation>
    </message>
    <message>
        <source>Rectification notice to %1</source>
        <translation>向 %1 下发整改通知书</translation>
    </message>
    <message>
        <source>Reject: send back for rectification</source>
        <translation>退回：重新整改</translation>
    </message>
    <message>
        <source>Remind before</source>
        <translation>提前提醒</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Requirements</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <source>Standard item</source>
        <translation>评查项目</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Taxonomy</source>
        <translation>分类体系</translation>
    </message>
    <message>
        <source>Telephone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Tick at least one finding.</source>
        <translation>请至少勾选一项问题。</translation>
    </message>
    <message>
        <source>Tick the findings this decision applies to.</source>
        <translation>勾选本次核验结论适用的问题。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>执法单位</translation>
    </message>
    <message>
        <source>Verification opinion (required when rejecting)</source>
        <translation>核验意见（退回时必填）</translation>
    </message>
    <message>
        <source>Verify the rectification of %1</source>
        <translation>核验 %1 的整改情况</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>如 %1</translation>
    </message>
    <message>
        <source>{code} agency code, {year} year, {seq} sequence: %1 gives %2</source>
        <translation>{code} 机关代字，{year} 年份，{seq} 序号：%1 得 %2</translation>
    </message>
</context>
<context>
    <name>RectificationScreen</name>
    <message>
        <source>%1 findings · %2 overdue · %3 due soon</source>
        <translation>共 %1 项问题 · 超期 %2 项 · 即将到期 %3 项</translation>
    </message>
    <message>
        <source>&lt;p&gt;%1 findings selected.&lt;/p&gt;</source>
        <translation>&lt;p&gt;已选择 %1 项问题。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Loading %1 selected findings…&lt;/p&gt;</source>
        <translation>&lt;p&gt;正在加载选中的 %1 项问题…&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a finding to see its details and history.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择一项问题，查看详情和流转记录。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a notice.&lt;/p&gt;</source>
        <translation>&lt;p&gt;请选择一份通知书。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A notice goes to one unit: select pending findings of a single unit, or use “Issue to all units”.</source>
        <translation>一份通知书只发给一个单位：请选择同一单位的待下发问题，或使用“向各单位批量下发”。</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>全部评查活动</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部分类</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>评查活动</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案卷</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Case no., item or wording</source>
        <translation>案号、评查项或问题表述</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题分类</translation>
    </message>
    <message>
        <source>Change deadline…</source>
        <translation>调整期限…</translation>
    </message>
    <message>
        <source>Change the deadline</source>
        <translation>调整整改期限</translation>
    </message>
    <message>
        <source>Close (sign off)</source>
        <translation>销号</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Deficiency register</source>
        <translation>问题清单</translation>
    </message>
    <message>
        <source>Evidence pages</source>
        <translation>证据页码</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Export Word…</source>
        <translation>导出 Word…</translation>
    </message>
    <message>
        <source>Export register…</source>
        <translation>导出问题清单…</translation>
    </message>
    <message>
        <source>Export the deficiency register</source>
        <translation>导出问题清单</translation>
    </message>
    <message>
        <source>Export the notice</source>
        <translation>导出整改通知书</translation>
    </message>
    <message>
        <source>Exported %1 findings to %2.</source>
        <translation>已导出 %1 项问题到 %2。</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>Feedback received %1</source>
        <translation>%1 收到整改反馈</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>问题数</translation>
    </message>
    <message>
        <source>History</source>
        <translation>流转记录</translation>
    </message>
    <message>
        <source>Issue notice for selected…</source>
        <translation>对所选问题下发通知书…</translation>
    </message>
    <message>
        <source>Issue to all units…</source>
        <translation>向各单位批量下发…</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>下发日期</translation>
    </message>
    <message>
        <source>Issued %1 notices:
%2

Export them from the Notices tab to print.</source>
        <translation>已下发 %1 份整改通知书：
%2

可在“整改通知书”页导出打印。</translation>
    </message>
    <message>
        <source>Issued %1, deadline %2</source>
        <translation>%1 下发，整改期限 %2</translation>
    </message>
    <message>
        <source>Issuing office…</source>
        <translation>发文机关设置…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>评查项</translation>
    </message>
    <message>
        <source>Loading findings…</source>
        <translation>正在加载问题清单…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>New deadline for %1 (YYYY-MM-DD), current %2:</source>
        <translation>%1 的新整改期限（YYYY-MM-DD），当前为 %2：</translation>
    </message>
    <message>
        <source>No findings here. Deductions become findings when a review is submitted; check the filters above.</source>
        <translation>这里没有问题记录。评查提交后，扣分项会成为问题清单中的问题；也请检查上方的筛选条件。</translation>
    </message>
    <message>
        <source>No findings of this notice are waiting for verification.</source>
        <translation>该通知书没有等待核验的问题。</translation>
    </message>
    <message>
        <source>No rectification notices yet. Select findings in the register and press “Issue notice for selected…”.</source>
        <translation>还没有整改通知书。请在问题清单中选中问题，再点“对所选问题下发通知书…”。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Not issued</source>
        <translation>待下发</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>整改通知书</translation>
    </message>
    <message>
        <source>Notice issued</source>
        <translation>已下发</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>整改通知书</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>承办人员</translation>
    </message>
    <message>
        <source>Only findings not yet issued can be reworded.</source>
        <translation>只有尚未下发的问题才能修改表述。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未销号</translation>
    </message>
    <message>
        <source>Open (not closed)</source>
        <translation>未销号</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>只看超期</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Please write the date as YYYY-MM-DD.</source>
        <translation>日期请写作 YYYY-MM-DD。</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>扣分</translation>
    </message>
    <message>
        <source>Points lost</source>
        <translation>实际扣分</translation>
    </message>
    <message>
        <source>Re-categorise…</source>
        <translation>调整分类…</translation>
    </message>
    <message>
        <source>Reason for the change:</source>
        <translation>调整理由：</translation>
    </message>
    <message>
        <source>Record feedback…</source>
        <translation>登记整改反馈…</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>问题整改</translation>
    </message>
    <message>
        <source>Rectification notice</source>
        <translation>整改通知书</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>已反馈</translation>
    </message>
    <message>
        <source>Save current wording to library</source>
        <translation>当前表述存入表述库</translation>
    </message>
    <message>
        <source>Sent back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Sign off all findings of %1?</source>
        <translation>对 %1 所列全部问题销号？</translation>
    </message>
    <message>
        <source>Standard item</source>
        <translation>评查项目</translation>
    </message>
    <message>
        <source>Standard wordings</source>
        <translation>标准问题表述</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The category's cap limited the loss: the item deducts %1 points, the file lost %2.</source>
        <translation>该类别已达扣分上限：本项应扣 %1 分，实际扣 %2 分。</translation>
    </message>
    <message>
        <source>The issuing office settings are saved; new notices and reports use them.</source>
        <translation>发文机关设置已保存，此后下发的通知书和导出的通报按新设置印制。</translation>
    </message>
    <message>
        <source>The office, document number pattern, contact, copies and seal printed on notices and reports</source>
        <translation>整改通知书和评查情况通报上印的发文机关、文号格式、联系人、抄送和印章位置</translation>
    </message>
    <message>
        <source>There are no pending findings.</source>
        <translation>没有待下发的问题。</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>期限情况</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>执法单位</translation>
    </message>
    <message>
        <source>Use wording</source>
        <translation>采用此表述</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已核验</translation>
    </message>
    <message>
        <source>Verify…</source>
        <translation>核验…</translation>
    </message>
    <message>
        <source>Void the notice</source>
        <translation>作废整改通知书</translation>
    </message>
    <message>
        <source>Voided: %1</source>
        <translation>已作废：%1</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Why is %1 voided? It stays on record; its findings return to pending.</source>
        <translation>作废 %1 的理由？作废后通知书仍保留可查，所列问题退回待下发。</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Wording saved to the library.</source>
        <translation>表述已存入表述库。</translation>
    </message>
    <message>
        <source>Writing the deficiency register…</source>
        <translation>正在生成问题台账…</translation>
    </message>
    <message>
        <source>Writing the notice…</source>
        <translation>正在生成整改通知书…</translation>
    </message>
    <message>
        <source>deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>library, used %1×</source>
        <translation>表述库，已用 %1 次</translation>
    </message>
    <message>
        <source>standard</source>
        <translation>评查标准</translation>
    </message>
</context>
<context>
    <name>ReviewHistory</name>
    <message>
        <source>%1 evidence pages</source>
        <translation>证据 %1 页</translation>
    </message>
    <message>
        <source>%1 page %2</source>
        <translation>%1 第 %2 页</translation>
    </message>
    <message>
        <source>%1 times</source>
        <translation>%1 次</translation>
    </message>
    <message>
        <source>-%1</source>
        <translation>扣 %1 分</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>作答</translation>
    </message>
    <message>
        <source>Answer removed</source>
        <translation>撤销作答</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Check decision undone</source>
        <translation>撤销对自动检查建议的处理</translation>
    </message>
    <message>
        <source>Check proposal accepted</source>
        <translation>采纳自动检查建议</translation>
    </message>
    <message>
        <source>Check proposal dismissed</source>
        <translation>驳回自动检查建议</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Evidence linked</source>
        <translation>关联证据页面</translation>
    </message>
    <message>
        <source>Evidence removed</source>
        <translation>移除证据页面</translation>
    </message>
    <message>
        <source>History — %1</source>
        <translation>操作记录 — %1</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>填写说明</translation>
    </message>
    <message>
        <source>Nothing has been recorded for this review yet.</source>
        <translation>本评查尚无操作记录。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Redone</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Review started</source>
        <translation>开始评查</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>answer removed</source>
        <translation>已清除作答</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>说明：%1</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>得分 %1</translation>
    </message>
</context>
<context>
    <name>ReviewWorkspace</name>
    <message>
        <source>%1 changes are not saved on the server yet (it cannot be reached). They are kept on this PC (%2) and saved automatically when the server is back.</source>
        <translation>有 %1 项修改尚未保存到服务器（服务器无法连接）。它们已暂存在本机（%2），服务器恢复后会自动保存。</translation>
    </message>
    <message>
        <source>%1 items are still unanswered; this is the first one (U jumps to the next).</source>
        <translation>还有 %1 项未作答，已跳到第一项（按 U 跳到下一项未答）。</translation>
    </message>
    <message>
        <source>Answer item %1 before linking a page.</source>
        <translation>请先对评查项 %1 作出结论，再关联页面。</translation>
    </message>
    <message>
        <source>Answer item %1 before writing a note.</source>
        <translation>请先对评查项 %1 作出结论，再写说明。</translation>
    </message>
    <message>
        <source>Automatic checks</source>
        <translation>自动检查</translation>
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
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <source>Copy unsaved changes</source>
        <translation>复制未保存的修改</translation>
    </message>
    <message>
        <source>Every item is answered.</source>
        <translation>所有评查项均已作答。</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>评查项</translation>
    </message>
    <message>
        <source>Item %1 carries no points to deduct.</source>
        <translation>评查项 %1 没有可扣的分值。</translation>
    </message>
    <message>
        <source>Item %1 is already answered “%2”: press Shift+%3 to change it to “%4”.</source>
        <translation>%1 已作答“%2”：如需改为“%4”，请按 Shift+%3。</translation>
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
        <source>Page %1 is already linked to item %2.</source>
        <translation>第 %1 页已关联到 %2。</translation>
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
        <source>Redo on %1</source>
        <translation>重做 %1 的修改</translation>
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
        <source>Search the case files</source>
        <translation>案卷全文检索</translation>
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
        <source>Show or hide the case facts</source>
        <translation>显示/隐藏案件信息</translation>
    </message>
    <message>
        <source>Show or hide the item details</source>
        <translation>显示/隐藏评查项详情</translation>
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
        <source>Their version is loaded; your change was not saved.</source>
        <translation>已载入对方的版本；您的修改未保存。</translation>
    </message>
    <message>
        <source>This is the last page of the last document.</source>
        <translation>已是最后一份文书的最后一页。</translation>
    </message>
    <message>
        <source>This review is submitted and locked; reopen it to change answers.</source>
        <translation>该评查已提交并锁定；如需修改请先重新打开。</translation>
    </message>
    <message>
        <source>Try again now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Undo answer</source>
        <translation>撤销作答</translation>
    </message>
    <message>
        <source>Undo on %1</source>
        <translation>撤销 %1 的修改</translation>
    </message>
    <message>
        <source>Updated with the changes %1 just saved.</source>
        <translation>已载入 %1 刚刚保存的修改。</translation>
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
        <source>%1 %2 (%3 items)</source>
        <translation>%1 %2（%3 项）</translation>
    </message>
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
        <source>Answered %1/%2</source>
        <translation>已答 %1/%2</translation>
    </message>
    <message>
        <source>Now scored against %1 %2.</source>
        <translation>已改用 %1 %2 评查。</translation>
    </message>
    <message>
        <source>Provisional %1 / %2 points</source>
        <translation>暂计 %1 / %2 分</translation>
    </message>
    <message>
        <source>Provisional: the score of the answers so far; the grade is given once every item is answered.</source>
        <translation>暂计：按目前已作答项计算的分数；全部作答后才评定等次。</translation>
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
        <source>Score this case against another standard of its case type (possible until the first answer)</source>
        <translation>改用本类案件的其他评查标准（第一次作答前可以更换）</translation>
    </message>
    <message>
        <source>Standard: %1 %2</source>
        <translation>评查标准：%1 %2</translation>
    </message>
    <message>
        <source>The standard can only be changed before the first answer</source>
        <translation>已有作答或已提交：评查标准不能再更换</translation>
    </message>
    <message>
        <source>⚠ Veto %1: %2</source>
        <translation>⚠ 否决 %1：%2</translation>
    </message>
</context>
<context>
    <name>ServerSetup</name>
    <message>
        <source>Administrator account</source>
        <translation>管理员账户</translation>
    </message>
    <message>
        <source>Administrator password</source>
        <translation>管理员密码</translation>
    </message>
    <message>
        <source>Application account</source>
        <translation>应用账户</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接……</translation>
    </message>
    <message>
        <source>Create or upgrade the database</source>
        <translation>建立或升级数据库</translation>
    </message>
    <message>
        <source>Create the database</source>
        <translation>建立数据库</translation>
    </message>
    <message>
        <source>Create the tables and the application account on this server?</source>
        <translation>在此服务器上建立数据表和应用账户？</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Done: the database is at schema %1 and the application account %2 has only the grants the program needs.</source>
        <translation>完成：数据库架构为 %1，应用账户 %2 只有程序所需的权限。</translation>
    </message>
    <message>
        <source>Fill in the server, then test the connection.</source>
        <translation>填写服务器信息，然后测试连接。</translation>
    </message>
    <message>
        <source>Have you made the backup? Continue?</source>
        <translation>已经备份了吗？继续？</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Renew the application account</source>
        <translation>重新设置应用账户</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Setting up the server…</source>
        <translation>正在设置服务器……</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS 加密</translation>
    </message>
    <message>
        <source>Team &amp;server set-up…</source>
        <translation>团队服务器设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Team server set-up</source>
        <translation>团队服务器设置</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>This PC connects with the application account afterwards</source>
        <translation>完成后本机使用应用账户连接此服务器</translation>
    </message>
    <message>
        <source>This PC's connection was saved to %1 (password encrypted). It is used the next time CaseReview starts.</source>
        <translation>本机连接设置已保存到 %1（密码已加密），下次启动 CaseReview 时生效。</translation>
    </message>
    <message>
        <source>Upgrade the database</source>
        <translation>升级数据库</translation>
    </message>
    <message>
        <source>no TLS</source>
        <translation>不加密</translation>
    </message>
    <message>
        <source>server name or address, e.g. 10.1.2.3</source>
        <translation>服务器名称或地址，如 10.1.2.3</translation>
    </message>
    <message>
        <source>verify-full (recommended)</source>
        <translation>verify-full（推荐）</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Accept the automatic check's proposed deduction (⚑); otherwise change the amount</source>
        <translation>采纳自动检查的建议扣分（⚑）；无建议时修改扣分次数或分值</translation>
    </message>
    <message>
        <source>Answer “Deduct”; type the occurrences or amount, then Enter</source>
        <translation>结论“扣分”；输入次数或扣分值后按 Enter</translation>
    </message>
    <message>
        <source>Answer “Not applicable” and go to the next unanswered item</source>
        <translation>答“不适用”，并跳到下一个未答项</translation>
    </message>
    <message>
        <source>Answer “Pass” and go to the next unanswered item</source>
        <translation>答“符合”，并跳到下一个未答项</translation>
    </message>
    <message>
        <source>Answer “Veto”, only for veto items</source>
        <translation>结论“否决”（仅限否决项）</translation>
    </message>
    <message>
        <source>Back to the case list</source>
        <translation>返回案卷列表</translation>
    </message>
    <message>
        <source>Back to the checklist from any pane</source>
        <translation>从任一窗格回到评查项列表</translation>
    </message>
    <message>
        <source>Case list</source>
        <translation>案卷列表</translation>
    </message>
    <message>
        <source>Change the answer of an item already answered</source>
        <translation>修改已作答项的结论</translation>
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
        <source>Dismiss the proposed deduction, with a reason</source>
        <translation>填写理由，驳回建议扣分</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文书阅读</translation>
    </message>
    <message>
        <source>History of this review</source>
        <translation>本评查的操作记录</translation>
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
        <source>Next / previous page, on into the next / previous document</source>
        <translation>下一页 / 上一页，到头后进入下一份 / 上一份文书</translation>
    </message>
    <message>
        <source>Next / previous unanswered item</source>
        <translation>下一个 / 上一个未答项</translation>
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
        <source>Reload the case and run the automatic checks again</source>
        <translation>重新读取案件并再次运行自动检查</translation>
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
        <source>Search the case files</source>
        <translation>案卷全文检索</translation>
    </message>
    <message>
        <source>Show or hide the case facts / the item details</source>
        <translation>显示/隐藏案件信息 / 评查项详情</translation>
    </message>
    <message>
        <source>Submit the review (asks for confirmation)</source>
        <translation>提交评查（需确认）</translation>
    </message>
    <message>
        <source>Submit the review: jumps to the first unanswered item, else asks to confirm</source>
        <translation>提交评查：有未答项时跳到第一项，否则确认后提交</translation>
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
        <source>Undo / redo an answer, note or evidence link (the whole item)</source>
        <translation>撤销 / 重做作答、说明或证据关联（整项恢复）</translation>
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
    <name>SignIn</name>
    <message>
        <source>%1 of %2 reviews no longer match their audit log:</source>
        <translation>%2 份评查中有 %1 份与操作日志不符：</translation>
    </message>
    <message>
        <source>A revocable sign-in token is kept in your user folder. Anyone using this Windows account then acts as you: only tick it on a PC used by you alone.</source>
        <translation>登录凭据保存在您的用户文件夹中，管理员可随时撤销。使用这个 Windows 账户的任何人都将以您的身份操作：仅在您一人使用的电脑上勾选。</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <source>All %1 reviews match their audit log.</source>
        <translation>全部 %1 份评查的内容与操作日志一致。</translation>
    </message>
    <message>
        <source>At least 8 characters with letters and digits, not your account name.</source>
        <translation>至少 8 个字符，须同时包含字母和数字，且不能包含账号名。</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <source>Check a printed verification code</source>
        <translation>核验打印件</translation>
    </message>
    <message>
        <source>Check a printed verification code…</source>
        <translation>核验打印件上的核验码…</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <source>Create the administrator account</source>
        <translation>创建管理员账号</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>原密码：</translation>
    </message>
    <message>
        <source>Enter the account name.</source>
        <translation>请输入账号。</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Keep me signed in on this computer for this Windows user (30 days)</source>
        <translation>在这台电脑上为当前 Windows 用户保持登录（30 天）</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat new password:</source>
        <translation>再次输入新密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign in to CaseReview</source>
        <translation>登录 CaseReview</translation>
    </message>
    <message>
        <source>Sign in with your account. Everything you do is recorded under it.</source>
        <translation>请用您的账号登录。您的每一项操作都以此账号记录。</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>已登录为 %1</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>已登录：%1（%2）</translation>
    </message>
    <message>
        <source>Switch account…</source>
        <translation>切换账号…</translation>
    </message>
    <message>
        <source>The audit log has been tampered with: %1</source>
        <translation>操作日志已被改动：%1</translation>
    </message>
    <message>
        <source>The audit log is intact: %1 entries, no break in the hash chain.
Chain head code (print or note it to prove later that nothing before it changed): %2</source>
        <translation>操作日志完整：共 %1 条，哈希链无断裂。
链头校验码（请打印或记下，日后可据此证明此前的记录未被改动）：%2</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>This database has no administrator yet. Create the administrator account: it manages accounts, standards and settings. Keep the password safe; nobody can read it back.</source>
        <translation>这个数据库还没有管理员。请创建管理员账号：它负责管理账号、评查标准和设置。请妥善保管密码，任何人都无法查看已设置的密码。</translation>
    </message>
    <message>
        <source>Verification code</source>
        <translation>核验码</translation>
    </message>
    <message>
        <source>Verification code printed on the review form or rectification notice:</source>
        <translation>评查表或整改通知书上打印的核验码：</translation>
    </message>
    <message>
        <source>Verify the audit log…</source>
        <translation>校验操作日志…</translation>
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
        <source>Exporting the standard…</source>
        <translation>正在导出评查标准…</translation>
    </message>
    <message>
        <source>Holiday arrangements used by the automatic checks; add a year</source>
        <translation>自动检查所用的法定节假日安排；可添加年度</translation>
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
        <source>No scoring standard is stored in this database. Click “Import standard…” and choose a standard file (YAML, TOML, JSON or an Excel sheet exported here); reviews can start once one is stored.</source>
        <translation>此数据库中还没有评查标准。请点击“导入标准…”，选择标准文件（YAML、TOML、JSON，或由本程序导出的 Excel 表）；存入后即可开始评查。</translation>
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
        <source>Working-day calendar…</source>
        <translation>工作日历…</translation>
    </message>
    <message>
        <source>“%1” version %2 is already stored with identical content.</source>
        <translation>“%1”版本 %2 已存在，内容相同，未重复导入。</translation>
    </message>
</context>
<context>
    <name>StatisticsScreen</name>
    <message>
        <source>%1 %2: deducted %3 times</source>
        <translation>%1 %2：扣分 %3 次</translation>
    </message>
    <message>
        <source>%1 deficiencies under rectification, %2 notices overdue</source>
        <translation>纳入整改的问题 %1 个，逾期通知书 %2 份</translation>
    </message>
    <message>
        <source>%1 files with problems, %2 with a veto</source>
        <translation>存在问题的案卷 %1 件，触发否决项 %2 件</translation>
    </message>
    <message>
        <source>All campaigns and reviews</source>
        <translation>全部评查活动和日常评查</translation>
    </message>
    <message>
        <source>All case types</source>
        <translation>全部案件类型</translation>
    </message>
    <message>
        <source>All periods</source>
        <translation>全部期间</translation>
    </message>
    <message>
        <source>All standards</source>
        <translation>全部评查标准</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>评查活动</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 forms.</source>
        <translation>已取消：共 %2 份评查表，已导出 %1 份。</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Choose a campaign to export its review forms in one batch.</source>
        <translation>请先选择评查活动，再批量导出该活动的评查表。</translation>
    </message>
    <message>
        <source>Custom period</source>
        <translation>自定义期间</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Excellence rate</source>
        <translation>优秀率</translation>
    </message>
    <message>
        <source>Excellent unit</source>
        <translation>优秀单位</translation>
    </message>
    <message>
        <source>Exported %1 of %2 files…</source>
        <translation>已导出 %1 / %2 份…</translation>
    </message>
    <message>
        <source>Exported %1 review forms to %2.</source>
        <translation>已导出 %1 份评查表到 %2。</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Exporting review forms…</source>
        <translation>正在导出评查表…</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>案卷数</translation>
    </message>
    <message>
        <source>Files reviewed</source>
        <translation>评查案卷数</translation>
    </message>
    <message>
        <source>Folder for the review forms</source>
        <translation>选择评查表保存文件夹</translation>
    </message>
    <message>
        <source>Grade distribution</source>
        <translation>等次分布</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>上一年度</translation>
    </message>
    <message>
        <source>Mean score</source>
        <translation>平均分</translation>
    </message>
    <message>
        <source>Mean score by unit</source>
        <translation>各单位平均分</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>Median score</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>Most frequent deductions</source>
        <translation>扣分最多的评查项</translation>
    </message>
    <message>
        <source>No deductions in this selection.</source>
        <translation>所选范围内没有扣分记录。</translation>
    </message>
    <message>
        <source>No review has been submitted yet. Score a case under Case review and submit it (Ctrl+S): its score, grade and deductions are counted here.</source>
        <translation>还没有已提交的评查。请在“案卷评查”中打开案卷逐项评查并提交（Ctrl+S），其得分、等次和扣分项会统计在这里。</translation>
    </message>
    <message>
        <source>No submitted review matches these filters. Choose “All …” in a filter or a longer period.</source>
        <translation>没有符合这些筛选条件的已提交评查。请在筛选框中选择“全部…”，或选择更长的期间。</translation>
    </message>
    <message>
        <source>Notices issued / closed</source>
        <translation>整改通知书 下发 / 销号</translation>
    </message>
    <message>
        <source>One PDF per file (choose a folder)…</source>
        <translation>每卷一个 PDF（选择文件夹）…</translation>
    </message>
    <message>
        <source>One combined PDF…</source>
        <translation>合并为一个 PDF…</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Pass rate</source>
        <translation>合格率</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题数</translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation>发现问题数</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Report (PDF)…</source>
        <translation>评查通报（PDF）…</translation>
    </message>
    <message>
        <source>Report (Word)…</source>
        <translation>评查通报（Word）…</translation>
    </message>
    <message>
        <source>Review forms</source>
        <translation>评查表</translation>
    </message>
    <message>
        <source>Review forms…</source>
        <translation>评查表…</translation>
    </message>
    <message>
        <source>Review report</source>
        <translation>评查情况通报</translation>
    </message>
    <message>
        <source>Review statistics</source>
        <translation>评查统计</translation>
    </message>
    <message>
        <source>Save the review forms</source>
        <translation>保存评查表</translation>
    </message>
    <message>
        <source>Save the review report</source>
        <translation>保存评查情况通报</translation>
    </message>
    <message>
        <source>Save the statistics workbook</source>
        <translation>保存统计工作簿</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>评查标准</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
    <message>
        <source>Statistics workbook…</source>
        <translation>统计工作簿…</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>本年度</translation>
    </message>
    <message>
        <source>Times deducted</source>
        <translation>扣分次数</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>涉及单位数</translation>
    </message>
    <message>
        <source>Veto files</source>
        <translation>否决案卷</translation>
    </message>
    <message>
        <source>Which date the period applies to</source>
        <translation>期间按哪个日期计算</translation>
    </message>
    <message>
        <source>Word documents (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>正在生成评查情况通报…</translation>
    </message>
    <message>
        <source>Writing the workbook…</source>
        <translation>正在生成统计工作簿…</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>by decision date</source>
        <translation>按决定日期</translation>
    </message>
    <message>
        <source>by review date</source>
        <translation>按评查提交日期</translation>
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
        <source>%1: %2</source>
        <translation>%1：%2</translation>
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
        <translation>编号</translation>
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
        <source>No confirmed findings yet. Findings appear here once reviews with deductions are submitted (practice reviews do not count).</source>
        <translation>还没有已确认的问题。评查提交后，其中的扣分问题会列在这里（练习评查不计入）。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Nothing to learn from yet: the library lists the findings of submitted reviews.</source>
        <translation>暂无内容：问题库列出已提交评查中发现的问题。</translation>
    </message>
    <message>
        <source>PDF file (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Part of the standard: %1</source>
        <translation>所属部分：%1</translation>
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
        <source>Q%2 %1</source>
        <translation>%1年第%2季度</translation>
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
        <source>The errors reviews find most often, curated into handouts; practice cases scored against a published answer key.</source>
        <translation>评查中最常见的问题，整理成培训讲义；练习案卷按公布的参考答案评分。</translation>
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
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Training handout</source>
        <translation>培训讲义</translation>
    </message>
    <message>
        <source>Training slides</source>
        <translation>培训幻灯片</translation>
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
        <source>Writing the training material…</source>
        <translation>正在生成培训材料…</translation>
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
<context>
    <name>UnsavedChanges</name>
    <message>
        <source>%1 is now: %2</source>
        <translation>%1 现为：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Case %1:</source>
        <translation>案件 %1：</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <source>The server is back: %1 changes kept on this PC were saved.</source>
        <translation>服务器已恢复：本机暂存的 %1 项修改已保存。</translation>
    </message>
    <message>
        <source>The unsaved changes were copied; paste them into a document or mail.</source>
        <translation>未保存的修改已复制，可粘贴到文档或邮件中。</translation>
    </message>
    <message>
        <source>These changes kept on this PC could not be saved. They were copied to the clipboard so you can keep them:
%1</source>
        <translation>以下暂存在本机的修改无法保存，已复制到剪贴板，请妥善保存：
%1</translation>
    </message>
</context>
</TS>
