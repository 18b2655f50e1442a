# Source of the plugin's language packs: one row per resource, Russian, English, Ukrainian.
# Run `python3 tools/resources.py` to regenerate Localization/*.xml after editing.
from xml.sax.saxutils import escape
import os

P = "Plugins.Payments.Interkassa."
rows = [
 ("Plugins.FriendlyName.Payments.Interkassa", "Интеркасса", "Interkassa", "Інтеркаса"),
 (P+"PaymentMethodDescription", "Банковские карты, электронные кошельки и другие способы через Интеркассу. После подтверждения заказа вы перейдёте на страницу оплаты.", "Cards, e-wallets and other methods through Interkassa. After confirming the order you will be taken to the payment page.", "Банківські картки, електронні гаманці та інші способи через Інтеркасу. Після підтвердження замовлення ви перейдете на сторінку оплати."),
 (P+"DefaultDescription", "Оплата заказа №{0}", "Payment for order #{0}", "Оплата замовлення №{0}"),
 (P+"Errors.NotConfigured", "Оплата через Интеркассу сейчас недоступна: модуль не настроен. Свяжитесь с магазином.", "Payment through Interkassa is not available right now: the module is not configured. Please contact the shop.", "Оплата через Інтеркасу зараз недоступна: модуль не налаштовано. Зверніться до магазину."),
 (P+"Errors.CurrencyNotSupported", "Валюту заказа нельзя оплатить через Интеркассу.", "The order's currency cannot be paid through Interkassa.", "Валюту замовлення не можна оплатити через Інтеркасу."),
 (P+"Errors.InvalidForm", "Платёж не отправлен: поле {0} — {1}", "The payment was not sent: field {0} — {1}", "Платіж не надіслано: поле {0} — {1}"),
 (P+"Notes.Paid", "Интеркасса: оплата получена. Счёт {0}, способ оплаты {1}; покупатель заплатил {2} {4}, магазину зачислено {3} {4}.", "Interkassa: payment received. Invoice {0}, payway {1}; the buyer paid {2} {4}, credited to the shop {3} {4}.", "Інтеркаса: оплату отримано. Рахунок {0}, спосіб оплати {1}; покупець сплатив {2} {4}, магазину зараховано {3} {4}."),
 (P+"Notes.PaidButNotPayable", "Интеркасса: получена оплата по счёту {0} ({1} {2}) для заказа, который уже нельзя оплатить (отменён или аннулирован). Проверьте заказ и при необходимости верните деньги.", "Interkassa: payment received for invoice {0} ({1} {2}) for an order that can no longer be paid (cancelled or voided). Check the order and refund if needed.", "Інтеркаса: отримано оплату за рахунком {0} ({1} {2}) для замовлення, яке вже не можна оплатити (скасоване або анульоване). Перевірте замовлення та за потреби поверніть кошти."),
 (P+"Notes.Failed", "Интеркасса: платёж не прошёл (счёт {0}, состояние «{1}»). Заказ можно оплатить снова.", "Interkassa: the payment did not go through (invoice {0}, state \"{1}\"). The order can be paid again.", "Інтеркаса: платіж не пройшов (рахунок {0}, стан «{1}»). Замовлення можна оплатити знову."),
 (P+"Notes.StateChanged", "Интеркасса: счёт {0} в состоянии «{1}».", "Interkassa: invoice {0} is in state \"{1}\".", "Інтеркаса: рахунок {0} у стані «{1}»."),
 (P+"Notes.FromReconciliation", "(Состояние получено сверкой с API Интеркассы.)", "(State obtained by reconciliation with the Interkassa API.)", "(Стан отримано звіркою з API Інтеркаси.)"),
 (P+"States.new", "новый", "new", "новий"),
 (P+"States.waitAccept", "ожидает оплаты", "awaiting payment", "очікує оплати"),
 (P+"States.process", "обрабатывается", "processing", "обробляється"),
 (P+"States.success", "оплачен", "paid", "сплачено"),
 (P+"States.canceled", "отменён", "cancelled", "скасовано"),
 (P+"States.fail", "не прошёл", "failed", "не пройшов"),
 (P+"Return.UnknownTitle", "Платёж не найден", "Payment not found", "Платіж не знайдено"),
 (P+"Return.Unknown", "Мы не нашли заказ по этой ссылке. Проверьте историю заказов или свяжитесь с магазином.", "We could not find an order for this link. Check your orders or contact the shop.", "Ми не знайшли замовлення за цим посиланням. Перевірте історію замовлень або зверніться до магазину."),
 (P+"Return.PaidTitle", "Заказ оплачен", "Order paid", "Замовлення сплачено"),
 (P+"Return.Paid", "Спасибо! Интеркасса подтвердила оплату.", "Thank you! Interkassa has confirmed the payment.", "Дякуємо! Інтеркаса підтвердила оплату."),
 (P+"Return.FailTitle", "Оплата не прошла", "Payment failed", "Оплата не пройшла"),
 (P+"Return.Fail", "Платёж не был выполнен, деньги не списаны. Заказ сохранён — вы можете оплатить его снова.", "The payment was not completed and no money was taken. Your order is saved — you can pay for it again.", "Платіж не виконано, кошти не списано. Замовлення збережено — ви можете сплатити його знову."),
 (P+"Return.WaitingTitle", "Ждём подтверждения оплаты", "Waiting for payment confirmation", "Чекаємо підтвердження оплати"),
 (P+"Return.Waiting", "Интеркасса ещё не сообщила магазину результат. Страница обновится сама.", "Interkassa has not told the shop the result yet. This page will update by itself.", "Інтеркаса ще не повідомила магазину результат. Сторінка оновиться сама."),
 (P+"Return.PendingTitle", "Оплата ожидается", "Payment pending", "Оплата очікується"),
 (P+"Return.Pending", "Заказ ожидает оплаты. Когда Интеркасса подтвердит платёж, статус изменится.", "The order is awaiting payment. Its status will change when Interkassa confirms the payment.", "Замовлення очікує оплати. Коли Інтеркаса підтвердить платіж, статус зміниться."),
 (P+"Return.Order", "Заказ", "Order", "Замовлення"),
 (P+"Return.Refreshing", "Проверяем статус каждые несколько секунд…", "Checking the status every few seconds…", "Перевіряємо статус кожні кілька секунд…"),
 (P+"Return.PayAgain", "Оплатить снова", "Pay again", "Сплатити знову"),
 (P+"Return.ViewOrder", "Открыть заказ", "View order", "Відкрити замовлення"),
 (P+"Configure.Title", "Интеркасса: настройки", "Interkassa: settings", "Інтеркаса: налаштування"),
 (P+"Configure.Tabs.Connection", "Подключение", "Connection", "Підключення"),
 (P+"Configure.Tabs.Description", "Описание и логотип", "Description and logo", "Опис і логотип"),
 (P+"Configure.Tabs.Display", "Условия показа", "Display conditions", "Умови показу"),
 (P+"Configure.Tabs.Commission", "Комиссии", "Commissions", "Комісії"),
 (P+"Configure.Scope", "Настройки для:", "Settings for:", "Налаштування для:"),
 (P+"Configure.ScopeAllStores", "всех магазинов", "all stores", "усіх магазинів"),
 (P+"Configure.Saved", "Настройки сохранены.", "Settings saved.", "Налаштування збережено."),
 (P+"Configure.HasErrors", "Настройки не сохранены: исправьте поля, отмеченные красным.", "Settings not saved: correct the fields marked in red.", "Налаштування не збережено: виправте поля, позначені червоним."),
 (P+"Configure.Urls.Title", "Адреса для кабинета Интеркассы", "URLs for the Interkassa cabinet", "Адреси для кабінету Інтеркаси"),
 (P+"Configure.Urls.Hint", "Скопируйте их в настройки кассы (вкладка «Интерфейс»): URL взаимодействия, успешной, неуспешной оплаты и ожидания.", "Copy them into the checkout's settings (\"Interface\" tab): interaction URL, success, fail and pending URLs.", "Скопіюйте їх у налаштування каси (вкладка «Інтерфейс»): URL взаємодії, успішної, неуспішної оплати та очікування."),
 (P+"Configure.Urls.Notification", "URL взаимодействия", "Interaction URL", "URL взаємодії"),
 (P+"Configure.Urls.Success", "URL успешной оплаты", "Success URL", "URL успішної оплати"),
 (P+"Configure.Urls.Fail", "URL неуспешной оплаты", "Fail URL", "URL неуспішної оплати"),
 (P+"Configure.Urls.Pending", "URL ожидания", "Pending URL", "URL очікування"),
 (P+"Configure.Copy", "Копировать", "Copy", "Копіювати"),
 (P+"Configure.SecretSet", "Задан:", "Set:", "Задано:"),
 (P+"Configure.SecretNotSet", "Не задан", "Not set", "Не задано"),
 (P+"Configure.OverrideForStore", "Своё значение для этого магазина", "Override for this store", "Власне значення для цього магазину"),
 (P+"Configure.ApiTitle", "Доступ к API (возвраты, сверка)", "API access (refunds, reconciliation)", "Доступ до API (повернення, звірка)"),
 (P+"Configure.CommissionExplained", "Интеркасса берёт комиссию, указанную в кабинете. Укажите её и долю, которую платит покупатель: эта часть и фиксированный сбор добавляются к заказу и видны покупателю до подтверждения. Остальное платит магазин.", "Interkassa charges the commission set in the cabinet. Enter it and the share the buyer pays: that part plus the fixed fee is added to the order and shown to the buyer before confirming. The shop pays the rest.", "Інтеркаса бере комісію, вказану в кабінеті. Вкажіть її та частку, яку сплачує покупець: ця частина й фіксований збір додаються до замовлення і видні покупцю до підтвердження. Решту сплачує магазин."),
 (P+"Configure.Save", "Сохранить", "Save", "Зберегти"),
]
fields = [
 ("CheckoutId", ("Идентификатор кассы", "ID кассы из кабинета Интеркассы (24 символа, например 64a7f0c1d2e3f4a5b6c7d8e9)."), ("Checkout ID", "The checkout's ID from the Interkassa cabinet (24 characters, e.g. 64a7f0c1d2e3f4a5b6c7d8e9)."), ("Ідентифікатор каси", "ID каси з кабінету Інтеркаси (24 символи, наприклад 64a7f0c1d2e3f4a5b6c7d8e9).")),
 ("SecretKey", ("Секретный ключ", "Из вкладки «Безопасность» кассы. Хранится зашифрованным; оставьте поле пустым, чтобы не менять."), ("Secret key", "From the checkout's Security tab. Stored encrypted; leave empty to keep the current one."), ("Секретний ключ", "З вкладки «Безпека» каси. Зберігається зашифрованим; залиште порожнім, щоб не змінювати.")),
 ("TestKey", ("Тестовый ключ", "Для тестовых платежей (способ test_interkassa_test_xts). Оставьте пустым, чтобы не менять."), ("Test key", "For test payments (payway test_interkassa_test_xts). Leave empty to keep the current one."), ("Тестовий ключ", "Для тестових платежів (спосіб test_interkassa_test_xts). Залиште порожнім, щоб не змінювати.")),
 ("Algorithm", ("Алгоритм подписи", "Должен совпадать с выбранным во вкладке «Безопасность» кассы."), ("Signature algorithm", "Must match the one chosen in the checkout's Security tab."), ("Алгоритм підпису", "Має збігатися з обраним у вкладці «Безпека» каси.")),
 ("TestMode", ("Тестовый режим", "Принимать тестовые платежи. Выключите перед приёмом настоящих денег: в боевом режиме тестовые платежи отклоняются."), ("Test mode", "Accept test payments. Turn it off before taking real money: in live mode test payments are refused."), ("Тестовий режим", "Приймати тестові платежі. Вимкніть перед прийомом справжніх грошей: у бойовому режимі тестові платежі відхиляються.")),
 ("SciUrl", ("Адрес страницы оплаты (SCI)", "Обычно https://sci.interkassa.com/."), ("Payment page URL (SCI)", "Usually https://sci.interkassa.com/."), ("Адреса сторінки оплати (SCI)", "Зазвичай https://sci.interkassa.com/.")),
 ("PaymentCurrency", ("Валюта платежа", "Код валюты кассы (RUB, UAH, USD, EUR…), в которую пересчитывается заказ. Пусто — в валюте заказа."), ("Payment currency", "The checkout's currency code (RUB, UAH, USD, EUR…) the order is converted to. Empty — the order's own currency."), ("Валюта платежу", "Код валюти каси (RUB, UAH, USD, EUR…), у яку перераховується замовлення. Порожньо — у валюті замовлення.")),
 ("PaymentLifetimeMinutes", ("Срок жизни платежа, минут", "0 — по умолчанию Интеркассы."), ("Payment lifetime, minutes", "0 — Interkassa's default."), ("Термін дії платежу, хвилин", "0 — за замовчуванням Інтеркаси.")),
 ("DescriptionTemplate", ("Описание платежа", "{0} — номер заказа. Пусто — «Оплата заказа №{0}» на языке покупателя."), ("Payment description", "{0} is the order number. Empty — \"Payment for order #{0}\" in the buyer's language."), ("Опис платежу", "{0} — номер замовлення. Порожньо — «Оплата замовлення №{0}» мовою покупця.")),
 ("PaywaysOn", ("Разрешённые способы оплаты", "Псевдонимы через «;». Пусто — все, включённые в кассе."), ("Allowed payways", "Aliases separated by ';'. Empty — all enabled in the checkout."), ("Дозволені способи оплати", "Псевдоніми через «;». Порожньо — усі, увімкнені в касі.")),
 ("PaywaysOff", ("Запрещённые способы оплаты", "Псевдонимы через «;»."), ("Forbidden payways", "Aliases separated by ';'."), ("Заборонені способи оплати", "Псевдоніми через «;».")),
 ("NotificationMethod", ("Метод оповещения", "Как Интеркасса вызывает URL взаимодействия; должен совпадать с кабинетом."), ("Notification method", "How Interkassa calls the interaction URL; must match the cabinet."), ("Метод сповіщення", "Як Інтеркаса викликає URL взаємодії; має збігатися з кабінетом.")),
 ("AllowedSourceAddresses", ("Разрешённые адреса оповещений", "Необязательно. Блоки CIDR через запятую; пусто — любой адрес (подпись проверяется всегда)."), ("Allowed notification addresses", "Optional. CIDR blocks separated by commas; empty — any address (the signature is always checked)."), ("Дозволені адреси сповіщень", "Необов'язково. Блоки CIDR через кому; порожньо — будь-яка адреса (підпис перевіряється завжди).")),
 ("ApiUrl", ("Адрес API", "Обычно https://api.interkassa.com/v1/."), ("API URL", "Usually https://api.interkassa.com/v1/."), ("Адреса API", "Зазвичай https://api.interkassa.com/v1/.")),
 ("ApiUserId", ("API: идентификатор пользователя", "Из настроек API в профиле Интеркассы."), ("API user ID", "From the API settings in the Interkassa profile."), ("API: ідентифікатор користувача", "З налаштувань API у профілі Інтеркаси.")),
 ("ApiKey", ("API: ключ", "Хранится зашифрованным; оставьте пустым, чтобы не менять."), ("API key", "Stored encrypted; leave empty to keep the current one."), ("API: ключ", "Зберігається зашифрованим; залиште порожнім, щоб не змінювати.")),
 ("ApiAccountId", ("API: идентификатор бизнес-аккаунта", "Передаётся в заголовке Ik-Api-Account-Id."), ("API business account ID", "Sent in the Ik-Api-Account-Id header."), ("API: ідентифікатор бізнес-акаунта", "Передається в заголовку Ik-Api-Account-Id.")),
 ("Name", ("Название", "Как способ оплаты называется при оформлении заказа. Пусто — «Интеркасса»."), ("Name", "What the method is called at checkout. Empty — \"Interkassa\"."), ("Назва", "Як спосіб оплати називається під час оформлення. Порожньо — «Інтеркаса».")),
 ("Description", ("Описание", "Текст под названием при оформлении заказа."), ("Description", "Text under the name at checkout."), ("Опис", "Текст під назвою під час оформлення.")),
 ("ShowLogo", ("Показывать логотип", "Логотип рядом с названием при оформлении заказа."), ("Show logo", "The logo next to the name at checkout."), ("Показувати логотип", "Логотип поруч із назвою під час оформлення.")),
 ("Logo", ("Заменить логотип", "PNG до 256 КБ."), ("Replace logo", "PNG up to 256 KB."), ("Замінити логотип", "PNG до 256 КБ.")),
 ("MinOrderTotal", ("Минимальная сумма заказа", "В основной валюте магазина; 0 — без ограничения."), ("Minimum order total", "In the store's primary currency; 0 — no limit."), ("Мінімальна сума замовлення", "В основній валюті магазину; 0 — без обмеження.")),
 ("MaxOrderTotal", ("Максимальная сумма заказа", "В основной валюте магазина; 0 — без ограничения."), ("Maximum order total", "In the store's primary currency; 0 — no limit."), ("Максимальна сума замовлення", "В основній валюті магазину; 0 — без обмеження.")),
 ("AllowedCurrencies", ("Валюты", "Показывать только для этих валют покупателя (коды через «;»); пусто — для всех."), ("Currencies", "Show only for these buyer currencies (codes separated by ';'); empty — all."), ("Валюти", "Показувати лише для цих валют покупця (коди через «;»); порожньо — для всіх.")),
 ("AllowedCountries", ("Страны", "Показывать только для этих стран оплаты (RU; UA…); пусто — для всех."), ("Countries", "Show only for these billing countries (RU; UA…); empty — all."), ("Країни", "Показувати лише для цих країн оплати (RU; UA…); порожньо — для всіх.")),
 ("AllowedCustomerRoles", ("Роли покупателей", "Системные имена ролей через «;» (Registered; Guests); пусто — для всех."), ("Customer roles", "Role system names separated by ';' (Registered; Guests); empty — all."), ("Ролі покупців", "Системні імена ролей через «;» (Registered; Guests); порожньо — для всіх.")),
 ("CommissionPercent", ("Комиссия Интеркассы, %", "Ставка, указанная в кабинете."), ("Interkassa commission, %", "The rate set in the cabinet."), ("Комісія Інтеркаси, %", "Ставка, вказана в кабінеті.")),
 ("BuyerCommissionSharePercent", ("Доля покупателя в комиссии, %", "0 — всю комиссию платит магазин, 100 — покупатель."), ("Buyer's share of the commission, %", "0 — the shop pays all of it, 100 — the buyer does."), ("Частка покупця в комісії, %", "0 — усю комісію сплачує магазин, 100 — покупець.")),
 ("FixedFee", ("Фиксированный сбор", "Добавляется к заказу, в основной валюте магазина."), ("Fixed fee", "Added to the order, in the store's primary currency."), ("Фіксований збір", "Додається до замовлення, в основній валюті магазину.")),
]
for name, ru, en, uk in fields:
    rows.append((P+"Configure.Fields."+name, ru[0], en[0], uk[0]))
    rows.append((P+"Configure.Fields."+name+".Hint", ru[1], en[1], uk[1]))
errors = [
 ("CheckoutIdShape", "Идентификатор кассы — до 36 латинских букв, цифр, «_» или «-».", "The checkout ID is up to 36 Latin letters, digits, '_' or '-'.", "Ідентифікатор каси — до 36 латинських літер, цифр, «_» або «-»."),
 ("CheckoutIdRequired", "Укажите идентификатор кассы.", "Enter the checkout ID.", "Вкажіть ідентифікатор каси."),
 ("SecretKeyRequiredLive", "В боевом режиме нужен секретный ключ.", "Live mode needs a secret key.", "У бойовому режимі потрібен секретний ключ."),
 ("TestKeyRequired", "В тестовом режиме нужен тестовый ключ.", "Test mode needs a test key.", "У тестовому режимі потрібен тестовий ключ."),
 ("Url", "Укажите адрес вида https://… или путь, начинающийся с «/».", "Enter an https://… URL or a path starting with '/'.", "Вкажіть адресу виду https://… або шлях, що починається з «/»."),
 ("PaymentCurrency", "Нужен код валюты, которая есть в магазине и поддерживается Интеркассой (RUB, UAH, USD, EUR, KZT, BYN).", "Enter the code of a currency the store has and Interkassa supports (RUB, UAH, USD, EUR, KZT, BYN).", "Потрібен код валюти, яка є в магазині й підтримується Інтеркасою (RUB, UAH, USD, EUR, KZT, BYN)."),
 ("Lifetime", "Срок — от 0 до 43200 минут (30 дней).", "The lifetime is 0 to 43200 minutes (30 days).", "Термін — від 0 до 43200 хвилин (30 днів)."),
 ("DescriptionTemplate", "Описание — до 255 символов; фигурные скобки только в виде {0}.", "The description is up to 255 characters; braces only as {0}.", "Опис — до 255 символів; фігурні дужки лише у вигляді {0}."),
 ("Payways", "Псевдонимы — латинские буквы, цифры, «_» и «-», через «;».", "Aliases are Latin letters, digits, '_' and '-', separated by ';'.", "Псевдоніми — латинські літери, цифри, «_» і «-», через «;»."),
 ("NotificationMethod", "Выберите POST или GET.", "Choose POST or GET.", "Оберіть POST або GET."),
 ("Cidr", "Не удалось прочитать адрес: используйте вид 35.233.69.55 или 35.233.69.0/24.", "An address could not be read: use 35.233.69.55 or 35.233.69.0/24.", "Не вдалося прочитати адресу: використовуйте вигляд 35.233.69.55 або 35.233.69.0/24."),
 ("ApiId", "Идентификатор — латинские буквы и цифры, как в кабинете.", "The ID is Latin letters and digits, as in the cabinet.", "Ідентифікатор — латинські літери й цифри, як у кабінеті."),
 ("NotNegative", "Значение не может быть отрицательным.", "The value cannot be negative.", "Значення не може бути від'ємним."),
 ("MinAboveMax", "Минимальная сумма больше максимальной.", "The minimum is greater than the maximum.", "Мінімальна сума більша за максимальну."),
 ("UnknownCurrency", "В магазине нет такой валюты.", "The store has no such currency.", "У магазині немає такої валюти."),
 ("CountryCode", "Страны — двухбуквенные коды (RU, UA…).", "Countries are two-letter codes (RU, UA…).", "Країни — дволітерні коди (RU, UA…)."),
 ("UnknownRole", "В магазине нет такой роли.", "The store has no such role.", "У магазині немає такої ролі."),
 ("Percent", "Процент — от 0 до 100.", "A percentage is 0 to 100.", "Відсоток — від 0 до 100."),
 ("Number", "Введите число, например 12.50.", "Enter a number, e.g. 12.50.", "Введіть число, наприклад 12.50."),
 ("LogoSize", "Логотип больше 256 КБ.", "The logo is larger than 256 KB.", "Логотип більший за 256 КБ."),
 ("LogoFormat", "Логотип должен быть файлом PNG.", "The logo must be a PNG file.", "Логотип має бути файлом PNG."),
]
for name, ru, en, uk in errors:
    rows.append((P+"Errors."+name, ru, en, uk))

names = {0: ("ru-RU", "Русский"), 1: ("en-US", "English"), 2: ("uk-UA", "Українська")}
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Localization")
seen = set()
for r in rows:
    assert r[0] not in seen, r[0]
    seen.add(r[0])
for i, (culture, title) in names.items():
    with open(os.path.join(root, culture + ".xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n')
        f.write(f'<Language Name="{title}" SupportedVersion="1.0">\n')
        for r in rows:
            f.write(f'  <LocaleResource Name="{escape(r[0])}">\n    <Value>{escape(r[i+1])}</Value>\n  </LocaleResource>\n')
        f.write('</Language>\n')
print(len(rows), "resources")
